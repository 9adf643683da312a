// The GSL contract for the reference client.
import { gslContract } from 'iotcard-sim/contracts';
import { GslClient } from './gslClient.js';

for (const transport of ['http', 'msw'] as const) {
  gslContract({
    name: 'huaweicloud-sdk-core reference client',
    transport,
    createClient: ({ endpoint, credentials }) => new GslClient({ endpoint, ...credentials }),
    operations: {
      listAllCards: (client) => client.listAllCards(),
      cardDetail: async (client, iccid) => {
        const card = await client.card(iccid);
        return { iccid: card.iccid, msisdn: card.msisdn, imsi: card.imsi, dataUsedKB: (card.flow_used ?? 0) * 1024 };
      },
      stop: (client, iccid) => client.stop(iccid),
      resume: (client, iccid) => client.resume(iccid),
    },
    errorCode: (error) => (error as { errorCode?: string }).errorCode,
  });
}
