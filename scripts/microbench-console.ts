/**
 * In-process cost of a subscribed console (`GET /_sim/events`) to a small vendor read
 * (Dyiotapi QueryCardFlowInfo, signed ahead), in CPU µs a request from process.cpuUsage, in
 * alternating rounds without and with the stream open. It separates the server's own cost of the
 * subscription (the journal event serialised and queued) from the bench row's, whose reader
 * process shares the machine's cores. The requests run back to back, so the stream's timed flushes
 * fall outside the measured loops: their socket writes are not counted here.
 * `npx tsx scripts/microbench-console.ts [-n 5000] [--rounds 6]`
 */
import { createSimulator } from '../src/nodeSimulator.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const n = arg('-n', 5_000);
const rounds = arg('--rounds', 6);
const simulator = createSimulator({
  cards: 10_000,
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
});
const iccid = simulator.fleet.query({ accountId: 'acme' }, 0, 1).items[0]!.iccid;
const sign = (): SimRequest =>
  signedV1(
    'QueryCardFlowInfo',
    '2017-11-11',
    { Iccid: iccid },
    { method: 'POST', at: Date.now(), accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' },
  );
const events: SimRequest = {
  method: 'GET',
  path: '/_sim/events',
  rawQuery: '',
  query: {},
  headers: {},
  body: new Uint8Array(),
} as unknown as SimRequest;

function cpuUsPerRequest(): number {
  const reqs = Array.from({ length: n }, sign);
  const before = process.cpuUsage();
  for (const req of reqs) if (simulator.handle(req).status !== 200) throw new Error('QueryCardFlowInfo did not answer 200');
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

cpuUsPerRequest(); // warm-up
const without: number[] = [];
const subscribed: number[] = [];
for (let round = 0; round < rounds; round++) {
  without.push(cpuUsPerRequest());
  const stop = simulator.handle(events).stream!(() => {});
  subscribed.push(cpuUsPerRequest());
  stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `QueryCardFlowInfo in-process: ${median(without).toFixed(1)} µs CPU a request without a console, ${median(subscribed).toFixed(1)} µs subscribed (medians of ${rounds} rounds of ${n})`,
);
