/**
 * In-process cost of a small signed Alibaba RPC read (Dyiotapi QueryCardFlowInfo, signed ahead),
 * in CPU µs a request from process.cpuUsage: the engine's share of the bench's QueryCardFlowInfo
 * row, with node:http's parse and write left out. Profile it with `node --cpu-prof --import tsx`.
 * `npx tsx scripts/microbench-rpc.ts [-n 20000] [--rounds 5]`
 */
import { createSimulator } from '../src/nodeSimulator.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const n = arg('-n', 20_000);
const rounds = arg('--rounds', 5);
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

function cpuUsPerRequest(): number {
  const reqs = Array.from({ length: n }, sign);
  const before = process.cpuUsage();
  for (const req of reqs) if (simulator.handle(req).status !== 200) throw new Error('QueryCardFlowInfo did not answer 200');
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

cpuUsPerRequest(); // warm-up
const figures = Array.from({ length: rounds }, cpuUsPerRequest).sort((a, b) => a - b);
console.log(
  `QueryCardFlowInfo in-process: ${figures[Math.floor(rounds / 2)]!.toFixed(1)} µs CPU a request (median of ${rounds} rounds of ${n}; ${figures.map((f) => f.toFixed(1)).join(', ')})`,
);
