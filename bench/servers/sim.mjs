// iotcard-sim as `npm start` runs it (the compiled package, the Express server), in a process of
// its own so the load generator never shares its event loop.
import { createSimulator, startServer } from '../../dist/src/index.js';

const cards = Number(process.argv[2] ?? 10_000);
// The vendors' flow control is off (0): a benchmark measures serving, not the 429 path.
const simulator = createSimulator({
  cards,
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
});
const server = await startServer(simulator, { port: 0, host: '127.0.0.1' });
const acme = simulator.fleet.accounts()[0];
const sample = simulator.fleet.query({ accountId: acme.id }, 0, 1).items[0];
process.send({ url: server.url, iccid: sample.iccid, cards: simulator.fleet.size });
// Exit normally on SIGTERM so `--cpu-prof` gets to write its profile.
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
