// iotcard-sim in-process through MSW (`iotcard-sim/msw`, the compiled package): msw's
// setupServer intercepts fetch() to the vendors' production hosts and answers from a simulator in
// this very process, as a test suite using the package would. autocannon cannot drive an
// interceptor, so this process is its own load generator: a bounded loop of `concurrency`
// workers, each awaiting one fetch() after another, that stops when its time is up or its
// requests (signed ahead by the parent and sent over IPC) run out, whichever comes first.
//
// The MSW ceiling is the same loop against an msw handler of its own for the same URL that
// answers the page the simulator answered (asked once, a real signed request) through
// JSON.stringify per request: what msw and fetch() cost with no engine behind them.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createHandlers, createSimulator } from '../../dist/src/msw.js';

const cards = Number(process.argv[2] ?? 10_000);
const BASE = 'https://linkcard.aliyuncs.com';
// The same world and settings as the HTTP simulator's (bench/servers/sim.mjs).
const simulator = createSimulator({
  cards,
  settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0, huaweiWorkOrderDurationMs: 0 },
});
const mocks = setupServer(...createHandlers(simulator));
// Nothing may leave the process: an unhandled request is an error, not a real call.
mocks.listen({ onUnhandledRequest: 'error' });

/** Headers fetch() sets itself (Host is the URL's; the RPC signature does not cover it). */
const OWN_HEADERS = new Set(['host', 'content-length', 'connection']);
let pool = [];

/** The MSW ceiling's handler, put in front of the simulator's for its turns only (mocks.use). */
let ceiling;
/** Requests the ceiling's handler answered: the parent checks its turns were the ceiling's. */
let ceilingAnswered = 0;

/** Asks this process's simulator for the page once, through msw, and keeps it for the ceiling. */
async function learnPage(r) {
  const res = await fetch(BASE + r.path, { method: r.method, headers: ownHeadersOff(r.headers), body: r.body ?? null });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`ListCardInfo through msw answered ${res.status}: ${text}`);
  const page = JSON.parse(text);
  const contentType = res.headers.get('content-type') ?? 'application/json';
  ceiling = http.post(`${BASE}/`, async ({ request }) => {
    // Read the body, as the simulator's handler does, then answer a fresh serialisation.
    await request.arrayBuffer();
    ceilingAnswered++;
    return new HttpResponse(JSON.stringify(page), { status: 200, headers: { 'content-type': contentType } });
  });
  return Buffer.byteLength(text);
}

function ownHeadersOff(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN_HEADERS.has(name.toLowerCase())));
}

async function drive(seconds, concurrency) {
  const requests = pool;
  pool = [];
  const latencies = new Float64Array(requests.length);
  let next = 0;
  let done = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  async function worker() {
    while (next < requests.length && performance.now() < deadline) {
      const r = requests[next++];
      const headers = ownHeadersOff(r.headers);
      const t0 = performance.now();
      try {
        const res = await fetch(BASE + r.path, { method: r.method, headers, body: r.body ?? null });
        await res.arrayBuffer();
        if (res.status < 200 || res.status > 299) non2xx++;
      } catch {
        errors++;
      }
      latencies[done++] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.subarray(0, done).sort();
  // Whole milliseconds, as autocannon reports the other rows'.
  const at = (q) => (done ? Math.round(sorted[Math.min(done - 1, Math.floor(q * done))]) : NaN);
  return {
    requests: done,
    seconds: elapsed,
    p50: at(0.5),
    p99: at(0.99),
    non2xx,
    errors,
    ranDry: next >= requests.length && performance.now() < deadline,
  };
}

process.on('message', (m) => {
  if (m.type === 'pool') {
    pool = m.requests;
    process.send({ type: 'pooled' });
  } else if (m.type === 'page') {
    learnPage(m.request).then((bytes) => process.send({ type: 'paged', bytes }));
  } else if (m.type === 'run') {
    if (m.ceiling) mocks.use(ceiling);
    const answeredBefore = ceilingAnswered;
    drive(m.seconds, m.concurrency).then((result) => {
      if (m.ceiling) mocks.resetHandlers();
      process.send({ type: 'ran', ...result, ceilingAnswered: ceilingAnswered - answeredBefore });
    });
  }
});
process.send({ url: BASE, cards: simulator.fleet.size });
process.on('SIGTERM', () => {
  mocks.close();
  process.exit(0);
});
