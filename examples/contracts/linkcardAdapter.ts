// How the contract's operations map onto the reference linkcard client: the adapter a team writes.
import type { LinkcardAdapter } from 'iotcard-sim/contracts';
import { LinkcardClient } from './linkcardClient.js';

export const linkcardAdapter: LinkcardAdapter<LinkcardClient> = {
  name: 'pop-core reference client',
  createClient: ({ endpoint, credentials }) => new LinkcardClient({ endpoint, ...credentials }),
  operations: {
    listAllCards: async (client) => (await client.listAllCards()).map((iccid) => ({ iccid })),
    cardDetail: async (client, iccid) => {
      const card = await client.card(iccid);
      return {
        iccid: card.iccid,
        msisdn: card.msisdn,
        imsi: card.imsi,
        status: card.status,
        dataUsedKB: card.usedKB,
        dataRemainingKB: card.restKB,
      };
    },
    stop: (client, iccid) => client.stop(iccid),
    resume: (client, iccid) => client.resume(iccid),
  },
  errorCode: (error) => (error as { code?: string }).code,
};
