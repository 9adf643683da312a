// Broken on purpose: trusts the SDK to throw, as it does on the page's 4xx statuses, and never
// reads `Code` from a 200 body, where public clients of the live service have met the same
// errors. Right against the page, wrong against the live service: the error clauses fail in
// their HTTP 200 run only.
import dyiotapi, { DoIotUserStopResumeRequest, QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { dyiotapiContract } from 'iotcard-sim/contracts';

const Dyiotapi = ((dyiotapi as unknown as { default?: typeof dyiotapi }).default ?? dyiotapi) as unknown as typeof dyiotapi.default;

dyiotapiContract({
  name: 'trusts the HTTP status',
  createClient: ({ host, protocol, credentials }) =>
    new Dyiotapi(new Config({ ...credentials, endpoint: host, protocol }) as ConstructorParameters<typeof Dyiotapi>[0]),
  operations: {
    cardFlow: async (client, iccid) => {
      const { body } = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }));
      const info = body.cardFlowInfos?.cardFlowInfo?.[0];
      return { dataUsedKB: info?.flowUsed ?? 0, dataRemainingKB: info?.restOfFlow ?? 0 };
    },
    stop: (client, iccid) => client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'stop' })),
    resume: (client, iccid) => client.doIotUserStopResume(new DoIotUserStopResumeRequest({ iccid, optionType: 'resume' })),
  },
  errorCode: (error) => (error as { code?: string }).code,
});
