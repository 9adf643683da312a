/**
 * In-process cost of a subscribed console (`GET /_sim/events`) to a small vendor read
 * (Dyiotapi QueryCardFlowInfo, signed ahead), in CPU µs a request from process.cpuUsage, in
 * rounds taking turns: without a stream, with the lossless stream (every entry) and with the
 * console's bounded stream (`max=20`, as console/src/live.ts asks). It separates the server's own
 * cost of the subscription (journal events queued, encoded and written) from the bench row's,
 * whose reader process shares the machine's cores. Each round waits for the stream's timed flush
 * after its requests (idle time costs no CPU), so encoding at flush time is counted; the socket
 * write itself is not (the stream writes to a function that keeps nothing).
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
const stream = (query: Record<string, string>): SimRequest =>
  ({
    method: 'GET',
    path: '/_sim/events',
    rawQuery: new URLSearchParams(query).toString(),
    query,
    headers: {},
    body: new Uint8Array(),
  }) as unknown as SimRequest;
/** The console page's stream (LIVE_MAX_PER_WRITE in console/src/live.ts). */
const CONSOLE_QUERY = { max: '20' };
/** Longer than the stream's 50 ms write window: its last flush falls inside the measured span. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

async function cpuUsPerRequest(): Promise<number> {
  const reqs = Array.from({ length: n }, sign);
  const before = process.cpuUsage();
  for (const req of reqs) if (simulator.handle(req).status !== 200) throw new Error('QueryCardFlowInfo did not answer 200');
  await settle();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

async function subscribed(query: Record<string, string>): Promise<number> {
  let written = 0;
  const stop = simulator.handle(stream(query)).stream!((text) => (written += text.length));
  const us = await cpuUsPerRequest();
  stop();
  if (written === 0) throw new Error('the stream wrote nothing');
  return us;
}

await cpuUsPerRequest(); // warm-up
const without: number[] = [];
const lossless: number[] = [];
const bounded: number[] = [];
// The three take turns in a rotating order, so none always follows another's garbage.
const kinds = [
  async () => without.push(await cpuUsPerRequest()),
  async () => lossless.push(await subscribed({})),
  async () => bounded.push(await subscribed(CONSOLE_QUERY)),
];
for (let round = 0; round < rounds; round++) for (let k = 0; k < kinds.length; k++) await kinds[(round + k) % kinds.length]!();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
console.log(
  `QueryCardFlowInfo in-process, CPU µs a request (medians of ${rounds} rounds of ${n}): ${median(without)} without a stream, ${median(lossless)} with the lossless stream, ${median(bounded)} with the console's (max=20)`,
);
