// The Dyiotapi contract for the reference client.
import { dyiotapiContract } from 'iotcard-sim/contracts';
import { DyiotapiClient } from './dyiotapiClient.js';

for (const transport of ['http', 'msw'] as const) {
  dyiotapiContract({
    name: 'generated-SDK reference client',
    transport,
    createClient: ({ host, protocol, credentials }) => new DyiotapiClient({ host, protocol, ...credentials }),
    operations: {
      cardFlow: async (client, iccid) => {
        const { usedKB, restKB } = await client.flow(iccid);
        return { dataUsedKB: usedKB, dataRemainingKB: restKB };
      },
      stop: (client, iccid) => client.stop(iccid),
      resume: (client, iccid) => client.resume(iccid),
    },
    errorCode: (error) => (error as { code?: string }).code,
  });
}
