// The GSL contract suite against a simulator that is already running (as a shared CI service
// would be): the kit reaches it through its URL and control plane only.
import { afterAll, beforeAll } from 'vitest';
import { createSimulator, startServer, type RunningServer } from '#src/index.js';
import { gslContract } from '#src/judge/contractKit/index.js';
import { gslAdapter } from '../../examples/contracts/gslAdapter.js';

// Started with the default fleet and a running clock: each clause loads the contract scenario itself.
let service: RunningServer;
beforeAll(async () => {
  service = await startServer(createSimulator(), { port: 0 });
});
afterAll(() => service?.close());

gslContract({ ...gslAdapter, name: 'reference client, shared service', simulator: () => ({ url: service.url }) });
