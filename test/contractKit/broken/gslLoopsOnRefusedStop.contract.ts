// Broken on purpose: the reference GSL client, except that a refused stop is retried (50 times,
// every 20 ms), GSL.00016016 included, which no retry can change within 5 minutes.
import { gslContract } from 'iotcard-sim/contracts';
import { createRequire } from 'node:module';
import { GslClient } from '../../../examples/contracts/gslClient.js';

const fromSdk = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
(fromSdk('log4js') as { configure(config: unknown): void }).configure({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

async function stubbornStop(client: GslClient, iccid: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.stop(iccid);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

gslContract({
  name: 'retries a refused stop',
  createClient: ({ endpoint, credentials }) => new GslClient({ endpoint, ...credentials }),
  operations: {
    listAllCards: (client) => client.listAllCards(),
    cardDetail: async (client, iccid) => {
      const card = await client.card(iccid);
      return {
        iccid: card.iccid,
        msisdn: card.msisdn,
        imsi: card.imsi,
        status: card.sim_status,
        dataUsedKB: (card.flow_used ?? 0) * 1024,
        dataRemainingKB: (card.flow_left ?? 0) * 1024,
      };
    },
    stop: stubbornStop,
    resume: (client, iccid) => client.resume(iccid),
  },
  errorCode: (error) => (error as { errorCode?: string }).errorCode,
});
