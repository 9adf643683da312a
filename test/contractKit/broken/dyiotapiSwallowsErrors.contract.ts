// Broken on purpose: trusts HTTP success and hides every failure behind a default.
import dyiotapi, { DoIotUserStopResumeRequest, QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { dyiotapiContract } from 'iotcard-sim/contracts';

const Dyiotapi = ((dyiotapi as unknown as { default?: typeof dyiotapi }).default ?? dyiotapi) as unknown as typeof dyiotapi.default;

dyiotapiContract({
  name: 'swallows errors',
  createClient: ({ host, protocol, credentials }) =>
    new Dyiotapi(new Config({ ...credentials, endpoint: host, protocol }) as ConstructorParameters<typeof Dyiotapi>[0]),
  operations: {
    cardFlow: async (client, iccid) => {
      try {
        const { body } = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }));
        return { dataUsedKB: body?.cardFlowInfos?.cardFlowInfo?.[0]?.flowUsed ?? 0 };
      } catch {
        return { dataUsedKB: 0 };
      }
    },
    stop: (client, iccid) =>
      client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'stop' })).catch(() => undefined),
    resume: (client, iccid) =>
      client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'resume' })).catch(() => undefined),
  },
  errorCode: (error) => (error as { code?: string }).code,
});
