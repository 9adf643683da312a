/**
 * `npm run bench`: the simulator side by side with the ceiling (bare node:http) and a peer
 * (Stoplight Prism), each loaded for the same duration and concurrency on loopback, in one run.
 * Every server runs in a child process of its own; this process is only the load generator
 * (except for the MSW row, whose child drives itself: MSW intercepts fetch() in-process).
 * Ratios are what we track, because absolute numbers move from machine to machine.
 */
import autocannon from 'autocannon';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import type { SimRequest } from '../src/engine/simRequest.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const program = new Command()
  .name('bench')
  .option('-d, --duration <s>', 'seconds per row', (v) => Number(v), 10)
  .option('-c, --connections <n>', 'concurrent connections', (v) => Number(v), 10)
  .option('--cards <n>', 'fleet size of the simulator', (v) => Number(v), 10_000)
  .option('--warmup <s>', 'seconds of unmeasured load before each row (JIT, caches)', (v) => Number(v), 2)
  .option('--only <names>', 'comma-separated row names to run')
  .option('--out <file>', 'JSON results', join(here, 'results', 'latest.json'))
  .option('--no-prism', 'leave the Prism row out')
  .option('--rounds <n>', 'slices each row is measured in, the rows taking turns', (v) => Number(v), 5)
  .option('--presign-rate <n>', 'requests signed ahead per second of each row', (v) => Number(v), 8_000)
  .option('--profile <dir>', 'write V8 CPU profiles (node --cpu-prof) of the simulator and ceiling processes into <dir>');
program.parse();
const opts = program.opts<{ duration: number; connections: number; cards: number; warmup: number; only?: string; out: string; prism: boolean; profile?: string; presignRate: number; rounds: number }>();

const ALIYUN = { accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' };
const HUAWEI = { ak: 'TESTAKHUAWEI0000000', sk: 'testSecretKeyHuawei0000000000000000000000', projectId: '0123456789abcdef0123456789abcdef' };

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  /** Server CPU time (user + system) per answered request: unlike req/s, barely moved by other load. */
  cpuUsPerRequest: number;
  non2xx: number;
  errors: number;
  vsCeiling?: number;
  /** The ceiling's CPU per request over this row's: above 1, this row costs the server less. */
  vsCeilingCpu?: number;
  vsPrism?: number;
}

interface Started {
  child: ChildProcess;
  url: string;
  info: Record<string, unknown>;
}

/** node --cpu-prof flags when profiling, one file per server, named after it. */
function profileArgs(name: string): string[] {
  return opts.profile ? ['--cpu-prof', '--cpu-prof-dir', opts.profile, '--cpu-prof-name', `${name}.cpuprofile`] : [];
}

/** Every child started, so that a failed run leaves none behind. */
const children = new Set<ChildProcess>();

function startNode(script: string, args: string[], execArgv: string[] = []): Promise<Started> {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url, info: m as Record<string, unknown> }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function startPrism(document: string): Promise<Started> {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const bin = join(root, 'node_modules/@stoplight/prism-cli/dist/index.js');
  const child = spawn(process.execPath, [bin, 'mock', '-h', '127.0.0.1', '-p', String(port), '--errors', 'false', document], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stderr!.resume();
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/Prism is listening/.test(seen)) resolve({ child, url: `http://127.0.0.1:${port}`, info: {} });
    });
    child.once('exit', (code) => reject(new Error(`prism exited with ${code}: ${seen}`)));
  });
}

/** Peak resident set of a process (VmHWM, Linux); undefined elsewhere. */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time a process has used so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number): number {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

type RequestFactory = () => { method: string; path: string; headers: Record<string, string>; body?: string };

function fromSim(req: SimRequest) {
  return {
    method: req.method,
    path: req.path + (req.rawQuery ? `?${req.rawQuery}` : ''),
    headers: req.headers,
    ...(req.body.length ? { body: Buffer.from(req.body).toString() } : {}),
  };
}

function load(url: string, duration: number, make?: RequestFactory, plainPath = '/'): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        duration,
        connections: opts.connections,
        // A fresh signature (new nonce, timestamp) for every request, as an SDK sends them.
        requests: make ? [{ setupRequest: (r: autocannon.Request) => ({ ...r, ...make() }) }] : [{ method: 'GET', path: plainPath }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    void instance;
  });
}

/**
 * Signs `count` requests ahead, each with its own nonce and timestamp, then hands them out one
 * by one (signing more on the spot if the pool runs dry). Signing inside the measured run put
 * the load generator, which shares the machine's cores, on the critical path: the server sat
 * idle an eighth of the time waiting for requests the ceiling row never has to sign.
 */
function presigned(make: RequestFactory, count: number): RequestFactory {
  const pool = Array.from({ length: count }, make);
  let next = 0;
  return () => (next < pool.length ? pool[next++]! : make());
}

/** What one turn of one row measured. */
interface TurnResult {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** A turn whose requests are signed and whose server is ready: calling it measures. */
type Turn = () => Promise<TurnResult>;

interface Target {
  name: string;
  server: Started;
  /** Everything a turn of `seconds` needs before it is measured (signing ahead, moving the clock). */
  prepare: (seconds: number) => Promise<Turn>;
}

async function loadTurn(url: string, seconds: number, make?: RequestFactory, plainPath?: string): Promise<TurnResult> {
  const r = await load(url, seconds, make, plainPath);
  return { requests: r.requests.total, seconds: r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

/** A row autocannon drives: `make` signed ahead at --presign-rate, or one plain GET path. */
function httpTarget(name: string, server: Started, make?: RequestFactory, plainPath?: string): Target {
  return {
    name,
    server,
    prepare: async (seconds) => {
      const requests = make ? presigned(make, Math.ceil(seconds * opts.presignRate)) : undefined;
      return () => loadTurn(server.url, seconds, requests, plainPath);
    },
  };
}

/**
 * One request with exactly the headers given (fetch() would put its own Host on it, and the
 * Huawei signature covers Host).
 */
function send(url: string, r: ReturnType<RequestFactory>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + r.path, { method: r.method, headers: r.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Sends a child a message and waits for its answer of type `reply`. */
function ask<T>(server: Started, message: Record<string, unknown>, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (m: unknown) => {
      if ((m as { type?: string }).type !== reply) return;
      server.child.off('message', listener);
      resolve(m as T);
    };
    server.child.on('message', listener);
    server.child.send(message);
  });
}


/** GSL's "not the same operation on the same card again within 5 minutes" (simulator/huawei/gsl/cardActions.ts), plus a second. */
const GSL_REPEAT_WINDOW_MS = 5 * 60 * 1000 + 1000;

/**
 * The Huawei stop/reset pair: `POST /v1/sim-cards/{id}/stop` and `.../reset`, SDK-HMAC-SHA256
 * signed, spread over every active card of the account so that every answer is a 2xx work order:
 *
 * - GSL refuses a second stop (or reset) of a card within 5 simulated minutes (GSL.00016016):
 *   the cards are taken in rotation, at most one stop and one reset of each between two moves of
 *   the clock, and the clock moves past that window before every run of this row (each turn is
 *   cut into runs of at most half a second, and the cap on a run's requests keeps the rotation
 *   from wrapping inside one).
 * - A reset while the card's stop order is unfinished is refused (GSL.00016010): the bench
 *   simulator completes work orders at once (`huaweiWorkOrderDurationMs: 0`, settled at the start
 *   of the next request), and each reset follows its card's stop `lag` pairs later in the stream:
 *   with at most `connections` requests in flight, the stop has been answered (and its order
 *   settled) before the reset is handed out. The first `lag` stops are sent before the warm-up.
 */
function stopResetTarget(name: string, server: Started, cardIds: readonly number[]): Target {
  const lag = 2 * opts.connections;
  const n = cardIds.length;
  if (n <= 4 * lag) throw new Error(`the stop/reset row needs more than ${4 * lag} active cards, the fleet has ${n}`);
  // How far this row's simulator's clock is ahead of real time: every request is signed at its
  // simulated time (the signature windows are checked against the simulated clock).
  let offsetMs = 0;
  const sign = (action: 'stop' | 'reset', id: number) =>
    fromSim(signHuaweiRequest({ method: 'POST', path: `/v1/sim-cards/${id}/${action}`, data: {}, keys: HUAWEI, at: Date.now() + offsetMs }));
  // Request i of the stream: even, the stop of card i/2 + lag; odd, the reset of card (i-1)/2.
  const request = (i: number) => {
    const pair = Math.floor(i / 2);
    return i % 2 === 0 ? sign('stop', cardIds[(pair + lag) % n]!) : sign('reset', cardIds[pair % n]!);
  };
  let handedOut = 0;
  let primed = false;
  /** Moves the simulator's clock past the repeat window; later requests are signed at its new time. */
  const advance = async () => {
    ({ offsetMs } = await ask<{ offsetMs: number }>(server, { type: 'advance', ms: GSL_REPEAT_WINDOW_MS }, 'advanced'));
  };
  /** One measured run of `seconds`, its requests signed just before it, after a move of the clock. */
  const slice = async (seconds: number): Promise<TurnResult> => {
    await advance();
    // At most n - lag pairs between two moves of the clock: no card stopped (or reset) twice.
    const count = Math.min(Math.ceil(seconds * opts.presignRate), 2 * (n - lag));
    const start = handedOut;
    const pool = Array.from({ length: count }, (_, k) => request(start + k));
    let next = 0;
    // Past the pool, signed on the spot: past 2 (n - lag) those would repeat cards and show as non-2xx.
    const make: RequestFactory = () => {
      const r = next < pool.length ? pool[next]! : request(start + next);
      next++;
      handedOut++;
      return r;
    };
    return loadTurn(server.url, seconds, make);
  };
  return {
    name,
    server,
    prepare: async (seconds) => {
      if (!primed) {
        await advance();
        for (let k = 0; k < lag; k++) {
          const res = await send(server.url, sign('stop', cardIds[k]!));
          if (res.status !== 200) throw new Error(`stop answered ${res.status}: ${res.text}`);
        }
        primed = true;
      }
      // A turn is cut into short runs with a move of the clock before each: a fast machine goes
      // through the n active cards in under a second, and no card may come round twice between
      // two moves. Only the runs themselves are measured.
      const runs = Math.max(1, Math.ceil(seconds / STOP_RESET_RUN_S));
      return async () => {
        const results: TurnResult[] = [];
        for (let k = 0; k < runs; k++) results.push(await slice(seconds / runs));
        const p50s = results.map((r) => r.p50).sort((a, b) => a - b);
        return {
          requests: results.reduce((sum, r) => sum + r.requests, 0),
          seconds: results.reduce((sum, r) => sum + r.seconds, 0),
          p50: p50s[Math.floor(p50s.length / 2)]!,
          p99: Math.max(...results.map((r) => r.p99)),
          non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
          errors: results.reduce((sum, r) => sum + r.errors, 0),
        };
      };
    },
  };
}

/** The longest run of the stop/reset row between two moves of the clock. */
const STOP_RESET_RUN_S = 0.5;

/**
 * iotcard-sim in-process through MSW (bench/servers/msw.mjs): the child signs nothing and drives
 * itself; its requests are signed here, ahead, like every other row's, and sent over IPC before
 * the turn starts. The pool is sized from the rate seen so far (MSW is far slower than the
 * HTTP rows, and a pool at --presign-rate would be megabytes of IPC for nothing).
 */
function mswTarget(name: string, server: Started, make: RequestFactory): Target {
  let rate = opts.presignRate;
  return {
    name,
    server,
    prepare: async (seconds) => {
      const requests = Array.from({ length: Math.ceil(seconds * rate) }, make);
      await ask(server, { type: 'pool', requests }, 'pooled');
      return async () => {
        const r = await ask<TurnResult & { ranDry: boolean }>(server, { type: 'run', seconds, concurrency: opts.connections }, 'ran');
        if (r.ranDry) process.stderr.write(`  ${name}: its ${requests.length} signed requests ran out after ${r.seconds.toFixed(2)} s\n`);
        rate = Math.min(opts.presignRate, Math.max(500, 3 * (r.requests / r.seconds)));
        return r;
      };
    },
  };
}

/**
 * Every row measured in turns: each row's time is cut into `--rounds` slices and the rows take
 * their slices in rotation, every server up the whole time. On a shared machine the load of
 * other work drifts over a run; measured one after another, rows compared under different loads
 * (single rows moved by a factor of three from run to run). Rates are total requests over total
 * time; p50 is the median of the slices' p50s, p99 the worst slice's p99.
 */
async function measureAll(targets: readonly Target[]): Promise<Row[]> {
  for (const t of targets) if (opts.warmup > 0) await (await t.prepare(opts.warmup))();
  const slice = opts.duration / opts.rounds;
  const results = targets.map(() => ({ requests: 0, seconds: 0, cpuMs: 0, p50: [] as number[], p99: 0, non2xx: 0, errors: 0 }));
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, t] of targets.entries()) {
      const turn = await t.prepare(slice);
      const cpuBefore = cpuMs(t.server.child.pid!);
      const r = await turn();
      const acc = results[i]!;
      acc.cpuMs += cpuMs(t.server.child.pid!) - cpuBefore;
      acc.requests += r.requests;
      acc.seconds += r.seconds;
      acc.p50.push(r.p50);
      acc.p99 = Math.max(acc.p99, r.p99);
      acc.non2xx += r.non2xx;
      acc.errors += r.errors;
    }
  }
  return targets.map((t, i) => {
    const acc = results[i]!;
    const p50s = acc.p50.sort((a, b) => a - b);
    const row: Row = {
      name: t.name,
      rps: Math.round(acc.requests / acc.seconds),
      p50: p50s[Math.floor(p50s.length / 2)]!,
      p99: acc.p99,
      peakRssMb: peakRssMb(t.server.child.pid!),
      cpuUsPerRequest: Math.round((acc.cpuMs * 1000) / acc.requests),
      non2xx: acc.non2xx,
      errors: acc.errors,
    };
    process.stderr.write(`  ${row.name}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.cpuUsPerRequest} µs CPU/req${row.non2xx ? `, ${row.non2xx} non-2xx` : ''}\n`);
    return row;
  });
}

/** ListCardInfo signed at `now()`: the HTTP simulator's simulated time, or real time for the MSW row's own simulator. */
function listCardInfoAt(now: () => number): RequestFactory {
  return () => fromSim(signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '40' }, { method: 'POST', at: now(), ...ALIYUN }));
}
const listCardInfo = listCardInfoAt(Date.now);

function queryCardFlowInfo(iccid: string): RequestFactory {
  return () => fromSim(signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN }));
}

const gslList: RequestFactory = () => fromSim(signHuaweiRequest({ path: '/v1/sim-cards', query: { limit: 100, offset: 1 }, keys: HUAWEI, at: Date.now() }));

function wanted(name: string): boolean {
  return !opts.only || opts.only.split(',').some((n) => name.includes(n.trim()));
}

async function main(): Promise<void> {
  const resultsDir = dirname(opts.out);
  mkdirSync(resultsDir, { recursive: true });
  const rows: Row[] = [];
  process.stderr.write(
    `bench: ${opts.duration}s per row in ${opts.rounds} turns (+${opts.warmup}s warm-up), ${opts.connections} connections, ${opts.cards} cards\n`,
  );

  // The simulator first: its real ListCardInfo page is what the ceiling and Prism answer.
  const sim = await startNode(
    join(here, 'servers/sim.mjs'),
    [String(opts.cards)],
    profileArgs('sim'),
  );
  const first = listCardInfo();
  const sample = await fetch(sim.url + first.path, { method: first.method, headers: first.headers, body: first.body ?? null });
  const pageText = await sample.text();
  if (sample.status !== 200) throw new Error(`ListCardInfo answered ${sample.status}: ${pageText}`);
  const pageFile = join(resultsDir, 'page.json');
  writeFileSync(pageFile, pageText);
  const pageBytes = Buffer.byteLength(pageText);

  const iccid = String(sim.info['iccid']);
  const targets: Target[] = [];
  const servers: Started[] = [sim];
  if (wanted('ListCardInfo')) targets.push(httpTarget('iotcard-sim ListCardInfo (signed, 40/page)', sim, listCardInfo));
  if (wanted('QueryCardFlowInfo')) targets.push(httpTarget('iotcard-sim QueryCardFlowInfo (signed)', sim, queryCardFlowInfo(iccid)));
  if (wanted('sim-cards')) targets.push(httpTarget('iotcard-sim GET /v1/sim-cards (signed, limit 100)', sim, gslList));
  let writes: Started | undefined;
  if (wanted('stop/reset')) {
    // A simulator of its own (the same fleet and settings): the row files tens of thousands of
    // work orders and moves the clock, which would otherwise weigh on the read rows' heap and GC.
    writes = await startNode(join(here, 'servers/sim.mjs'), [String(opts.cards)], profileArgs('sim-stop-reset'));
    servers.push(writes);
    targets.push(stopResetTarget('iotcard-sim GSL stop/reset pair (signed)', writes, writes.info['activeIds'] as number[]));
  }
  let durableWrites: Started | undefined;
  if (wanted('state-file')) {
    // The same row with --state-file: each answer waits for the fsync of the change-log commit
    // holding its change (group commit), what durability costs (docs/reliability.md).
    const stateDir = mkdtempSync(join(tmpdir(), 'iotcard-sim-bench-'));
    durableWrites = await startNode(join(here, 'servers/sim.mjs'), [String(opts.cards), join(stateDir, 'world.json')], profileArgs('sim-state-file'));
    servers.push(durableWrites);
    targets.push(stopResetTarget('iotcard-sim GSL stop/reset pair (signed) with --state-file', durableWrites, durableWrites.info['activeIds'] as number[]));
  }
  if (wanted('MSW')) {
    // Its own process and its own simulator (the same fleet and settings), so its memory and CPU are its own.
    const msw = await startNode(join(here, 'servers/msw.mjs'), [String(opts.cards)], profileArgs('msw'));
    servers.push(msw);
    targets.push(mswTarget('iotcard-sim in-process via MSW, ListCardInfo (signed, 40/page)', msw, listCardInfoAt(Date.now)));
  }

  for (const mode of ['static', 'stringify'] as const) {
    const name = mode === 'static' ? 'node:http, pre-serialised page' : 'node:http + JSON.stringify (ceiling)';
    if (!wanted(mode === 'static' ? 'pre-serialised' : 'ceiling')) continue;
    const server = await startNode(join(here, 'servers/ceiling.mjs'), [pageFile, mode], profileArgs(mode));
    servers.push(server);
    // The very requests the simulator's row gets (signed POSTs with a form body, which the
    // ceiling drains and ignores), so the load generator does the same work for both.
    targets.push(httpTarget(name, server, listCardInfo));
  }

  if (opts.prism && wanted('Prism')) {
    // Prism matches paths, not `?Action=` queries, so the same page sits behind a path of its own.
    const doc = {
      openapi: '3.0.3',
      info: { title: 'ListCardInfo page for the Prism row of the benchmark', version: '1' },
      paths: {
        '/ListCardInfo': {
          get: {
            responses: { '200': { description: 'one page', content: { 'application/json': { example: JSON.parse(pageText) } } } },
          },
        },
      },
    };
    const docFile = join(resultsDir, 'prism-openapi.json');
    writeFileSync(docFile, JSON.stringify(doc));
    const prism = await startPrism(docFile);
    servers.push(prism);
    targets.push(httpTarget('Prism mock, same page (static example)', prism, undefined, '/ListCardInfo'));
  }

  rows.push(...(await measureAll(targets)));
  const simPeak = peakRssMb(sim.child.pid!);
  // What became of the stop/reset row's work orders (completed: the card really changed state).
  let workOrders: Record<string, number> = {};
  if (writes) {
    ({ tally: workOrders } = await ask<{ tally: Record<string, number> }>(writes, { type: 'workOrders' }, 'workOrders'));
    process.stderr.write(`  work orders of the stop/reset row: ${JSON.stringify(workOrders)}\n`);
  }
  for (const server of servers) await stop(server);

  const ceiling = rows.find((r) => r.name.includes('(ceiling)'));
  const prism = rows.find((r) => r.name.startsWith('Prism'));
  for (const r of rows) {
    if (ceiling) r.vsCeiling = round2(r.rps / ceiling.rps);
    if (ceiling) r.vsCeilingCpu = round2(ceiling.cpuUsPerRequest / r.cpuUsPerRequest);
    if (prism) r.vsPrism = round2(r.rps / prism.rps);
  }

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  printTable(rows);
  process.stdout.write(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; page ${pageBytes} bytes; ` +
      `simulator peak RSS ${simPeak} MB over its rows\n`,
  );
  const out = {
    at: new Date().toISOString(),
    machine,
    settings: { durationS: opts.duration, rounds: opts.rounds, warmupS: opts.warmup, connections: opts.connections, cards: opts.cards, pageBytes },
    rows,
    workOrders,
    notes: [
      'GSL stop/reset: a simulator process of its own (same fleet and settings); every active card of the account in rotation, work orders completing at once (huaweiWorkOrderDurationMs 0), the simulated clock moved 5 min + 1 s before each run of at most 0.5 s (the 5-minute repeat rule); each request is one stop or one reset.',
      'MSW: its own process and simulator (iotcard-sim/msw, pure-JS hashes), fetch() to https://linkcard.aliyuncs.com intercepted by msw setupServer; the client shares that process, so its CPU per request includes the client.',
    ],
  };
  writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`results: ${opts.out}\n`);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(rows: Row[]): void {
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'CPU µs/req', 'x ceiling', 'x ceiling (CPU)', 'x Prism'];
  const lines = rows.map((r) => [
    r.name + (r.non2xx ? ` [${r.non2xx} non-2xx]` : ''),
    String(r.rps),
    String(r.p50),
    String(r.p99),
    String(r.peakRssMb),
    String(r.cpuUsPerRequest),
    r.vsCeiling?.toFixed(2) ?? '',
    r.vsCeilingCpu?.toFixed(2) ?? '',
    r.vsPrism?.toFixed(2) ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  process.stdout.write('\n' + fmt(header) + '\n');
  process.stdout.write('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|\n');
  for (const l of lines) process.stdout.write(fmt(l) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(1);
});
