// iotcard-sim as `npm start` runs it (the compiled package, the node:http server), in a process of
// its own so the load generator never shares its event loop.
import { createSimulator, persistState, startServer } from '../../dist/src/index.js';

const cards = Number(process.argv[2] ?? 10_000);
// With a state file (the CLI's --state-file): every answer waits for its change log commit.
const stateFile = process.argv[3];
// The state file's durability (the CLI's --durability): disk (the default) or process.
const durability = process.argv[4] ?? 'disk';
// The vendors' flow control is off (0): a benchmark measures serving, not the 429 path. Huawei's
// work orders complete at once (0 ms: at the next request's settle), so the stop/reset row's
// resets find their card's stop finished instead of answering GSL.00016010.
const simulator = createSimulator({
  cards,
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0, huaweiWorkOrderDurationMs: 0 },
});
const persistence = stateFile ? await persistState(simulator, stateFile, { durability }) : undefined;
const server = await startServer(simulator, { port: 0, host: '127.0.0.1', ...(persistence ? { beforeAnswer: persistence.durable } : {}) });
const acme = simulator.fleet.accounts()[0];
const sample = simulator.fleet.query({ accountId: acme.id }, 0, 1).items[0];
// The stop/reset row's cards: every active card of the account the bench's Huawei keys belong to.
const activeIds = simulator.fleet
  .query({ accountId: acme.id }, 0, simulator.fleet.size)
  .items.filter((card) => card.state === 'active')
  .map((card) => card.id);

// Asked over IPC by the load generator, between the measured slices only.
process.on('message', async (m) => {
  if (m.type === 'advance') {
    // GSL refuses a second stop (or reset) of a card within 5 simulated minutes: the stop/reset
    // row moves the clock past that window before each of its runs (0.5 s at most). Due orders and usage are
    // settled here, so the jump costs the next measured request nothing; with a state file, so is
    // the commit of what the jump changed (the usage of every active card) and any compaction it
    // brings on, which would otherwise land in the run's first request.
    simulator.clock.advance(m.ms);
    simulator.fleet.settle(simulator.clock.now());
    let error;
    if (persistence) {
      simulator.notifyChange();
      // A failed commit is the run's to report: an unhandled rejection would leave the load
      // generator waiting for an answer that never comes.
      error = await Promise.resolve(persistence.durable())
        .then(() => persistence.settled())
        .then(
          () => undefined,
          (err) => String(err),
        );
    }
    process.send({ type: 'advanced', offsetMs: simulator.clock.state().offsetMs, ...(error ? { error } : {}) });
  } else if (m.type === 'workOrders') {
    // What became of the orders the stop/reset row filed: completed (the card really stopped or
    // resumed) or failed (the card was no longer in a state that allows it).
    simulator.fleet.settle(simulator.clock.now());
    const tally = {};
    for (const order of simulator.fleet.workOrders.all()) {
      const key = `${order.operation} ${order.status}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    process.send({ type: 'workOrders', tally });
  }
});

process.send({ url: server.url, iccid: sample.iccid, cards: simulator.fleet.size, activeIds });
// Exit normally on SIGTERM so `--cpu-prof` gets to write its profile.
process.on('SIGTERM', () =>
  server
    .close()
    .then(() => persistence?.close())
    .then(() => process.exit(0)),
);
