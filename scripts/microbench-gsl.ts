/**
 * In-process cost of GSL `GET /v1/sim-cards` (limit 100) next to its ceiling: `JSON.stringify`
 * of the same page. Requests are signed ahead (the official SDK's signer), so only the
 * simulator's handling is timed. CPU µs a request from process.cpuUsage (steadier than wall time
 * on a shared machine). `npx tsx scripts/microbench-gsl.ts [--cards 10000] [-n 3000] [--rounds 5]`
 */
import { createSimulator } from '../src/nodeSimulator.js';
import { chunksByteLength, responseText } from '../src/engine/simResponse.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const cards = arg('--cards', 10_000);
const n = arg('-n', 2_000);
const rounds = arg('--rounds', 5);
const limit = arg('--limit', 100);
const pages = arg('--pages', 1);

const simulator = createSimulator({
  cards,
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0, huaweiWorkOrderDurationMs: 0 },
});
const sign = (i: number): SimRequest =>
  signHuaweiRequest({ path: '/v1/sim-cards', query: { limit, offset: 1 + (i % pages) }, keys: HUAWEI, at: Date.now() });
const pageValue = JSON.parse(responseText(simulator.handle(sign(0)))) as unknown;
const bytes = Buffer.byteLength(JSON.stringify(pageValue));

function cpuUs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const d = process.cpuUsage(before);
  return d.user + d.system;
}

const sim: number[] = [];
const ceil: number[] = [];
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const reqs = Array.from({ length: n }, (_, i) => sign(i));
  sim.push(
    cpuUs(() => {
      for (const req of reqs) {
        const res = simulator.handle(req);
        if (res.status !== 200) throw new Error(`status ${res.status}: ${responseText(res)}`);
        sink += typeof res.body === 'string' ? res.body.length : 1;
      }
    }) / n,
  );
  ceil.push(
    cpuUs(() => {
      for (let i = 0; i < n; i++) sink += JSON.stringify(pageValue).length;
    }) / n,
  );
}
if (process.argv.includes('--walk')) {
  // Every page of the account, `limit` a page, once: what bench:scale's walk asks (each card seen once).
  const total = (pageValue as { count: number }).count;
  const walkPages = Math.ceil(total / limit);
  const reqs = Array.from({ length: walkPages }, (_, i) =>
    signHuaweiRequest({ path: '/v1/sim-cards', query: { limit, offset: i + 1 }, keys: HUAWEI, at: Date.now() }),
  );
  const t0 = performance.now();
  const faults0 = process.resourceUsage().minorPageFault;
  const us = cpuUs(() => {
    for (const req of reqs) {
      const body = simulator.handle(req).body;
      sink += typeof body === 'string' ? body.length : chunksByteLength(body);
    }
  });
  console.log(
    `walk: ${walkPages} pages of ${limit} (${total} cards): ${(performance.now() - t0).toFixed(0)} ms wall, ${(us / 1000).toFixed(0)} ms CPU, ${(us / total).toFixed(2)} µs CPU a card, ${process.resourceUsage().minorPageFault - faults0} minor page faults`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`cards ${cards}, limit ${limit}, page ${bytes} bytes, ${n} requests x ${rounds} rounds (sink ${sink % 10})`);
console.log(`simulator.handle  CPU µs/req: median ${median(sim).toFixed(0)}  [${sim.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`JSON.stringify    CPU µs/req: median ${median(ceil).toFixed(0)}  [${ceil.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`ratio (stringify / simulator): ${(median(ceil) / median(sim)).toFixed(2)}x`);
