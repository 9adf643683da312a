// Broken on purpose: reads only the first page of ListCardInfo. Must fail list-every-card only.
import { linkcardContract } from 'iotcard-sim/contracts';
import { LinkcardClient } from '../../../examples/contracts/linkcardClient.js';

class FirstPageOnly extends LinkcardClient {
  override async listAllCards(): Promise<string[]> {
    const all = await super.listAllCards();
    return all.slice(0, 40);
  }
}

linkcardContract({
  name: 'no pagination',
  createClient: ({ endpoint, credentials }) => new FirstPageOnly({ endpoint, ...credentials }),
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
