/**
 * In-process cost of a signed ListCardInfo (40 a page) through MSW next to an MSW ceiling: an msw
 * handler answering the same page with JSON.stringify per request. Both driven by fetch() with 10
 * workers, requests signed ahead; CPU µs a request from process.cpuUsage.
 * `npx tsx scripts/microbench-msw.ts [-n 3000] [--rounds 5]`
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createHandlers, createSimulator } from '../src/msw.js';
import { pureDigests } from '../src/crypto/digests.js';
import { responseText } from '../src/engine/simResponse.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const n = arg('-n', 3_000);
const rounds = arg('--rounds', 5);
const ALIYUN = { accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' };
const SIM = 'https://linkcard.aliyuncs.com';
const CEILING = 'https://ceiling.example.com';

// As the package's MSW entry builds it (iotcard-sim/msw).
// --pure: hash in pure JavaScript, as the entry did before it looked for node:crypto.
const simulator = createSimulator({
  cards: 10_000,
  ...(process.argv.includes('--pure') ? { digests: pureDigests } : {}),
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
});
const sign = () => signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '40' }, { method: 'POST', at: Date.now(), ...ALIYUN });
const OWN = new Set(['host', 'content-length', 'connection']);
const asFetch = (r: ReturnType<typeof sign>) => ({
  path: r.path + (r.rawQuery ? `?${r.rawQuery}` : ''),
  init: {
    method: r.method,
    headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => !OWN.has(k))),
    body: r.body.length ? Buffer.from(r.body).toString() : null,
  },
});
// The very page the simulator answers (its first answer, in-process).
const page: unknown = JSON.parse(responseText(simulator.handle(sign())));
const server = setupServer(
  ...createHandlers(simulator),
  http.all(new RegExp('^' + CEILING.replace(/\./g, '\\.')), async ({ request }) => {
    await request.arrayBuffer();
    return new HttpResponse(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' } });
  }),
);
server.listen({ onUnhandledRequest: 'error' });

async function drive(base: string, reqs: ReturnType<typeof asFetch>[]): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  const worker = async () => {
    while (next < reqs.length) {
      const r = reqs[next++]!;
      const res = await fetch(base + r.path, r.init);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const d = process.cpuUsage(before);
  return (d.user + d.system) / reqs.length;
}
const sim: number[] = [];
const ceil: number[] = [];
for (let r = 0; r < rounds; r++) {
  const reqs = Array.from({ length: n }, () => asFetch(sign()));
  sim.push(await drive(SIM, reqs));
  ceil.push(await drive(CEILING, reqs));
}
server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`MSW ListCardInfo 40/page: ${n} requests x ${rounds} rounds`);
console.log(`simulator via MSW  CPU µs/req: median ${median(sim).toFixed(0)}  [${sim.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`MSW ceiling        CPU µs/req: median ${median(ceil).toFixed(0)}  [${ceil.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`ratio (ceiling / simulator): ${(median(ceil) / median(sim)).toFixed(2)}x`);
