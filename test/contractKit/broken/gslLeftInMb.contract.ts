// Broken on purpose: the reference GSL client, but its adapter passes flow_left on as printed (MB)
// where the kit wants KB. Usage and identities are right, so only card-facts can catch it.
import { gslContract } from 'iotcard-sim/contracts';
import { createRequire } from 'node:module';
import { GslClient } from '../../../examples/contracts/gslClient.js';

// Huawei's SDK core logs every failed call at ERROR to stdout, and the suite fails calls on purpose.
const fromSdk = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
(fromSdk('log4js') as { configure(config: unknown): void }).configure({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

gslContract({
  name: 'flow_left in MB',
  createClient: ({ endpoint, credentials }) => new GslClient({ endpoint, ...credentials }),
  operations: {
    listAllCards: (client) => client.listAllCards(),
    cardDetail: async (client, iccid) => {
      const card = await client.card(iccid);
      return { iccid: card.iccid, status: card.sim_status, dataUsedKB: (card.flow_used ?? 0) * 1024, dataRemainingKB: card.flow_left ?? 0 };
    },
    stop: (client, iccid) => client.stop(iccid),
    resume: (client, iccid) => client.resume(iccid),
  },
  errorCode: (error) => (error as { errorCode?: string }).errorCode,
});
