import { describeListSimCards } from './listSimCardsSuite.js';
import { SMALL_ACME, SMALL_GLOBEX, startSmallServer } from '#helpers/smallWorld.js';

// The hand-built fleet: every state, kind and edge case on a few dozen cards.
describeListSimCards('small hand-built fleet', async () => {
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
