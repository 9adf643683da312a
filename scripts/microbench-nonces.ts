/**
 * A long signed run in-process, in simulated time: what the replay guard costs a request once its
 * 15-minute window is full, which no short bench row reaches (docs/performance.md, "Maps that
 * forget their oldest"). Signed Dyiotapi QueryCardFlowInfo at `--rate` requests a simulated
 * second for `--minutes` simulated minutes, the signatures checked against the simulated clock
 * (`signatureClock: 'simulated'`), which moves 1/rate s a request; each minute's requests are
 * signed before it and its CPU µs a request (process.cpuUsage around `simulator.handle`) printed
 * with the nonces then remembered. At 500 a second the window holds 450,000 nonces and each
 * request forgets an expired one; past 1,111 a second it fills MAX_REMEMBERED_NONCES and each
 * request forgets the oldest.
 * `npx tsx scripts/microbench-nonces.ts [--rate 500] [--minutes 25]`
 */
import { createSimulator } from '../src/nodeSimulator.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const rate = arg('--rate', 500);
const minutes = arg('--minutes', 25);
const simulator = createSimulator({
  cards: 1_000,
  clock: { frozen: true },
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, signatureClock: 'simulated' },
});
const iccid = simulator.fleet.query({ accountId: 'acme' }, 0, 1).items[0]!.iccid;
const step = 1_000 / rate;
const nonces = () => simulator.engine.context.nonces.size;

console.log(`QueryCardFlowInfo signed in-process, ${rate} a simulated second: CPU µs a request, each simulated minute`);
for (let minute = 1; minute <= minutes; minute++) {
  const start = simulator.clock.now();
  const requests: SimRequest[] = [];
  for (let i = 0; i < rate * 60; i++)
    requests.push(
      signedV1(
        'QueryCardFlowInfo',
        '2017-11-11',
        { Iccid: iccid },
        { method: 'POST', at: start + i * step, accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' },
      ),
    );
  const before = process.cpuUsage();
  for (let i = 0; i < requests.length; i++) {
    simulator.clock.set(start + i * step);
    const { status } = simulator.handle(requests[i]!);
    if (status !== 200) throw new Error(`request ${i} of minute ${minute} answered ${status}`);
  }
  const used = process.cpuUsage(before);
  simulator.clock.set(start + 60_000);
  console.log(
    `  minute ${String(minute).padStart(3)}: ${((used.user + used.system) / requests.length).toFixed(1).padStart(7)} µs a request, ${nonces()} nonces remembered`,
  );
}
