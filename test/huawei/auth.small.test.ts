import { describeHuaweiAuth } from './authSuite.js';
import { SMALL_ACME, SMALL_GLOBEX, startSmallServer } from '#helpers/smallWorld.js';

describeHuaweiAuth('small hand-built fleet', async () => {
  const server = await startSmallServer();
  return {
    url: server.url,
    fleet: server.simulator.fleet,
    clock: server.simulator.clock,
    settings: server.simulator.settings,
    acme: SMALL_ACME,
    globex: SMALL_GLOBEX,
    close: server.close,
  };
});
