// The GSL contract suite against a simulator that is already running (as a shared CI service
// would be): the kit reaches it through its URL and control plane only.
import { createRequire } from 'node:module';
import { afterAll, beforeAll } from 'vitest';
import { createSimulator, startServer, type RunningServer } from '#src/index.js';
import { gslContract } from '#src/judge/contractKit/index.js';
import { GslClient } from '../../examples/contracts/gslClient.js';

const fromSdk = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
(fromSdk('log4js') as { configure(config: unknown): void }).configure({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

// Started with the default fleet and a running clock: each clause loads the contract scenario itself.
let service: RunningServer;
beforeAll(async () => {
  service = await startServer(createSimulator(), { port: 0 });
});
afterAll(() => service?.close());

gslContract({
  name: 'reference client, shared service',
  simulator: () => ({ url: service.url }),
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
});
