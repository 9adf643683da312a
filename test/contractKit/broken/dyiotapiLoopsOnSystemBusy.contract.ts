// Broken on purpose: retries Dyiotapi's "system busy" (isv.SYSTEM_ERROR, a business error at
// HTTP 200) for as long as it lasts. Every other error is surfaced with its code, so only the
// transient-errors clause can catch it, and only through the system-busy code.
import dyiotapi, { DoIotUserStopResumeRequest, QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { dyiotapiContract } from 'iotcard-sim/contracts';

const Dyiotapi = ((dyiotapi as unknown as { default?: typeof dyiotapi }).default ?? dyiotapi) as unknown as typeof dyiotapi.default;

class BusinessError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function checked<T extends { code?: string }>(body: T): T {
  if (body.code && body.code !== 'OK') throw new BusinessError(body.code);
  return body;
}

dyiotapiContract({
  name: 'loops on system busy',
  createClient: ({ host, protocol, credentials }) =>
    new Dyiotapi(new Config({ ...credentials, endpoint: host, protocol }) as ConstructorParameters<typeof Dyiotapi>[0]),
  operations: {
    cardFlow: async (client, iccid) => {
      for (;;) {
        const { body } = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }));
        if (body.code === 'isv.SYSTEM_ERROR') continue;
        return { dataUsedKB: checked(body).cardFlowInfos?.cardFlowInfo?.[0]?.flowUsed ?? 0 };
      }
    },
    stop: async (client, iccid) =>
      checked((await client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'stop' }))).body),
    resume: async (client, iccid) =>
      checked((await client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'resume' }))).body),
  },
  errorCode: (error) => (error as { code?: string }).code,
});
