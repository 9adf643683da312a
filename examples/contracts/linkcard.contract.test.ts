// The linkcard contract for the reference client: the whole adapter a team writes.
import { linkcardContract } from 'iotcard-sim/contracts';
import { LinkcardClient } from './linkcardClient.js';

for (const transport of ['http', 'msw'] as const) {
  linkcardContract({
    name: 'pop-core reference client',
    transport,
    createClient: ({ endpoint, credentials }) => new LinkcardClient({ endpoint, ...credentials }),
    operations: {
      listAllCards: async (client) => (await client.listAllCards()).map((iccid) => ({ iccid })),
      cardDetail: async (client, iccid) => {
        const card = await client.card(iccid);
        return { iccid: card.iccid, msisdn: card.msisdn, imsi: card.imsi, dataUsedKB: card.usedKB };
      },
      stop: (client, iccid) => client.stop(iccid),
      resume: (client, iccid) => client.resume(iccid),
    },
    errorCode: (error) => (error as { code?: string }).code,
  });
}
