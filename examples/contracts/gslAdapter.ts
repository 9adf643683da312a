// How the contract's operations map onto the reference GSL client: the adapter a team writes.
import type { GslAdapter } from 'iotcard-sim/contracts';
import { createRequire } from 'node:module';
import { GslClient } from './gslClient.js';

// Huawei's SDK core logs every failed call at ERROR to stdout, and the suites fail calls on purpose.
const fromSdk = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
(fromSdk('log4js') as { configure(config: unknown): void }).configure({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

export const gslAdapter: GslAdapter<GslClient> = {
  name: 'huaweicloud-sdk-core reference client',
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
    stop: (client, iccid) => client.stop(iccid),
    resume: (client, iccid) => client.resume(iccid),
  },
  errorCode: (error) => (error as { errorCode?: string }).errorCode,
};
