/**
 * `npm run bench`: the simulator side by side with ceilings (bare node:http answering each read
 * row's own page, an msw handler answering the MSW row's) and a peer (Stoplight Prism), and beside
 * the same rows with a state file or a subscribed console, each loaded for the same duration and
 * concurrency on loopback, in one run (docs/performance.md, Method).
 * Every server runs in a child process of its own; this process is only the load generator
 * (except for the MSW row, whose child drives itself: MSW intercepts fetch() in-process).
 * Ratios are what we track, because absolute numbers move from machine to machine.
 */
import autocannon from 'autocannon';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

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
  .option('--profile <dir>', 'write V8 CPU profiles (node --cpu-prof) of the simulator and ceiling processes into <dir>')
  .option('--node-flags <flags>', "Node/V8 flags for every server process, e.g. '--no-memory-reducer' (docs/performance.md, round 12)");
program.parse();
const opts = program.opts<{
  duration: number;
  connections: number;
  cards: number;
  warmup: number;
  only?: string;
  out: string;
  prism: boolean;
  profile?: string;
  nodeFlags?: string;
  presignRate: number;
  rounds: number;
}>();

const ALIYUN = { accessKeyId: 'testAccessKeyId', secret: 'testAccessKeySecret' };

interface Row {
  /** The row's short name: what `--only` matches, and what other rows name as their ceiling or base. */
  id: string;
  name: string;
  rps: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  /** Server CPU time (user + system) per answered request: unlike req/s, barely moved by other load. */
  cpuUsPerRequest: number;
  non2xx: number;
  errors: number;
  /** The id of the row this one's `x ceiling` figures are against (a read row: the ceiling of its own page). */
  ceiling?: string;
  vsCeiling?: number;
  /** The ceiling's CPU per request over this row's: above 1, this row costs the server less. */
  vsCeilingCpu?: number;
  /** The id of the same row without what this one adds (a state file, a subscribed console). */
  without?: string;
  vsWithout?: number;
  /** The base row's CPU per request over this row's. */
  vsWithoutCpu?: number;
  vsPrism?: number;
}

interface Started {
  child: ChildProcess;
  url: string;
  info: Record<string, unknown>;
}

/** node --cpu-prof flags when profiling, one file per server, named after it. */
const nodeFlags = (opts.nodeFlags ?? '').split(' ').filter(Boolean);

function profileArgs(name: string): string[] {
  return opts.profile ? ['--cpu-prof', '--cpu-prof-dir', opts.profile, '--cpu-prof-name', `${name}.cpuprofile`] : [];
}

/** Every child started, so that a failed run leaves none behind. */
const children = new Set<ChildProcess>();

function startNode(script: string, args: string[], execArgv: string[] = []): Promise<Started> {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [...nodeFlags, ...execArgv] });
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

function load(url: string, duration: number, make?: RequestFactory, plainPath = '/', most?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        duration,
        connections: opts.connections,
        // Ends the run early once `most` requests are answered (split over the connections). A
        // run ends on autocannon's sampling tick after its time is up or its cap reached: at the
        // default 1 s tick a 0.5 s run took a second, and one that reached its cap sat idle till
        // the tick, which the rate counted. 50 ms ticks for such runs.
        ...(most !== undefined ? { maxOverallRequests: most, sampleInt: 50 } : {}),
        // A fresh signature (new nonce, timestamp) for every request, as an SDK sends them.
        requests: make
          ? [{ setupRequest: (r: autocannon.Request) => ({ ...r, ...make() }) as autocannon.Request }]
          : [{ method: 'GET', path: plainPath }],
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
  id: string;
  name: string;
  server: Started;
  /** Everything a turn of `seconds` needs before it is measured (signing ahead, moving the clock). */
  prepare: (seconds: number) => Promise<Turn>;
  /** Anything after a turn, outside its measured time and CPU (hanging up a console). */
  finish?: () => Promise<void>;
}

async function loadTurn(url: string, seconds: number, make?: RequestFactory, plainPath?: string, most?: number): Promise<TurnResult> {
  const r = await load(url, seconds, make, plainPath, most);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** A row autocannon drives: `make` signed ahead at --presign-rate, or one plain GET path. */
function httpTarget(id: string, name: string, server: Started, make?: RequestFactory, plainPath?: string): Target {
  return {
    id,
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
function send(url: string, r: ReturnType<RequestFactory>): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + r.path, { method: r.method, headers: r.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
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
 *   cut into runs of at most half a second or one rotation's requests, whichever ends first, so
 *   the rotation never wraps inside a run: runs meant as half a second took a whole one, at
 *   autocannon's default sampling tick, and on a host answering 14,000 requests a second went
 *   past the rotation, with thousands of GSL.00016016 answers).
 * - A reset while the card's stop order is unfinished is refused (GSL.00016010): the bench
 *   simulator completes work orders at once (`huaweiWorkOrderDurationMs: 0`, settled at the start
 *   of the next request), and each reset follows its card's stop `lag` pairs later in the stream:
 *   with at most `connections` requests in flight, the stop has been answered (and its order
 *   settled) before the reset is handed out. The first `lag` stops are sent before the warm-up.
 */
function stopResetTarget(id: string, name: string, server: Started, cardIds: readonly number[]): Target {
  const lag = 2 * opts.connections;
  const n = cardIds.length;
  if (n <= 4 * lag) throw new Error(`the stop/reset row needs more than ${4 * lag} active cards, the fleet has ${n}`);
  // Signed at the machine's time, as the SDKs sign: signatures are judged by the wall clock
  // (`settings.signatureClock`, docs/fidelity.md), however far the row has moved the simulated one.
  const sign = (action: 'stop' | 'reset', id: number) =>
    fromSim(signHuaweiRequest({ method: 'POST', path: `/v1/sim-cards/${id}/${action}`, data: {}, keys: HUAWEI, at: Date.now() }));
  // Request i of the stream: even, the stop of card i/2 + lag; odd, the reset of card (i-1)/2.
  const request = (i: number) => {
    const pair = Math.floor(i / 2);
    return i % 2 === 0 ? sign('stop', cardIds[(pair + lag) % n]!) : sign('reset', cardIds[pair % n]!);
  };
  let handedOut = 0;
  let primed = false;
  /** Moves the simulator's clock past the repeat window. */
  const advance = async () => {
    const moved = await ask<{ error?: string }>(server, { type: 'advance', ms: GSL_REPEAT_WINDOW_MS }, 'advanced');
    if (moved.error) throw new Error(`${name}: committing the clock's jump failed: ${moved.error}`);
  };
  // At most n - lag pairs between two moves of the clock: no card stopped (or reset) twice. Less
  // a request per connection: autocannon may set up one more on a connection than it sends.
  const rotation = 2 * (n - lag) - opts.connections;
  /**
   * One measured run of at most `seconds` and at most one rotation's requests, all signed just
   * before it, after a move of the clock.
   */
  const slice = async (seconds: number): Promise<TurnResult> => {
    await advance();
    const start = handedOut;
    const pool = Array.from({ length: Math.min(rotation, Math.ceil(3 * seconds * opts.presignRate)) }, (_, k) => request(start + k));
    let next = 0;
    // Past the pool, signed on the spot; past the rotation (the run's cap) they would repeat
    // cards and show as non-2xx.
    const make: RequestFactory = () => {
      const r = next < pool.length ? pool[next]! : request(start + next);
      next++;
      handedOut++;
      return r;
    };
    return loadTurn(server.url, seconds, make, undefined, rotation);
  };
  return {
    id,
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
      // two moves. Runs follow one another until the turn's time is measured; only the runs
      // themselves are measured.
      return async () => {
        const results: TurnResult[] = [];
        let measured = 0;
        while (measured < seconds - MIN_STOP_RESET_RUN_S) {
          const run = await slice(Math.min(STOP_RESET_RUN_S, Math.max(MIN_STOP_RESET_RUN_S, seconds - measured)));
          results.push(run);
          measured += run.seconds;
        }
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
/** The shortest: a turn's last run is not cut to a sliver. */
const MIN_STOP_RESET_RUN_S = 0.1;

/**
 * iotcard-sim in-process through MSW (bench/servers/msw.mjs): the child signs nothing and drives
 * itself; its requests are signed here, ahead, like every other row's, and sent over IPC before
 * the turn starts. The pool is sized from the rate seen so far (MSW is far slower than the
 * HTTP rows, and a pool at --presign-rate would be megabytes of IPC for nothing). With `ceiling`,
 * the MSW ceiling: the same loop, answered by the child's own msw handler for the same page.
 */
function mswTarget(id: string, name: string, server: Started, make: RequestFactory, ceiling = false): Target {
  let rate = opts.presignRate;
  return {
    id,
    name,
    server,
    prepare: async (seconds) => {
      const requests = Array.from({ length: Math.ceil(seconds * rate) }, make);
      await ask(server, { type: 'pool', requests }, 'pooled');
      return async () => {
        const r = await ask<TurnResult & { ranDry: boolean; ceilingAnswered: number }>(
          server,
          { type: 'run', seconds, concurrency: opts.connections, ceiling },
          'ran',
        );
        // Every request of a ceiling turn answered by the ceiling's handler, none of another's by it.
        if (r.ceilingAnswered < (ceiling ? r.requests : 0) || (!ceiling && r.ceilingAnswered > 0)) {
          throw new Error(`${name}: the MSW ceiling's handler answered ${r.ceilingAnswered} of ${r.requests} requests`);
        }
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
 * time; p50 is the median of the slices' p50s, p99 the worst slice's p99. Every other round
 * takes the rows in reverse order.
 */
async function measureAll(targets: readonly Target[]): Promise<Row[]> {
  for (const t of targets) {
    if (opts.warmup <= 0) continue;
    await (
      await t.prepare(opts.warmup)
    )();
    await t.finish?.();
  }
  const slice = opts.duration / opts.rounds;
  const results = targets.map(() => ({ requests: 0, seconds: 0, cpuMs: 0, p50: [] as number[], p99: 0, non2xx: 0, errors: 0 }));
  for (let round = 0; round < opts.rounds; round++) {
    // Every other round in reverse: a row and its twin (with a console, say) share a process, and
    // whichever goes first after another row pays for that row's garbage and cooled-down code.
    const order = round % 2 === 0 ? [...targets.entries()] : [...targets.entries()].reverse();
    for (const [i, t] of order) {
      const turn = await t.prepare(slice);
      const cpuBefore = cpuMs(t.server.child.pid!);
      const r = await turn();
      const acc = results[i]!;
      acc.cpuMs += cpuMs(t.server.child.pid!) - cpuBefore;
      await t.finish?.();
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
      id: t.id,
      name: t.name,
      rps: Math.round(acc.requests / acc.seconds),
      p50: p50s[Math.floor(p50s.length / 2)]!,
      p99: acc.p99,
      peakRssMb: peakRssMb(t.server.child.pid!),
      cpuUsPerRequest: Math.round((acc.cpuMs * 1000) / acc.requests),
      non2xx: acc.non2xx,
      errors: acc.errors,
    };
    process.stderr.write(
      `  ${row.name}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.cpuUsPerRequest} µs CPU/req${row.non2xx ? `, ${row.non2xx} non-2xx` : ''}\n`,
    );
    return row;
  });
}

/** Requests are signed at the machine's time, as the SDKs sign (signatures are judged by the wall clock). */
const listCardInfo: RequestFactory = () =>
  fromSim(signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '40' }, { method: 'POST', at: Date.now(), ...ALIYUN }));

function queryCardFlowInfo(iccid: string): RequestFactory {
  return () => fromSim(signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN }));
}

const gslList: RequestFactory = () =>
  fromSim(signHuaweiRequest({ path: '/v1/sim-cards', query: { limit: 100, offset: 1 }, keys: HUAWEI, at: Date.now() }));

/**
 * A read row with the console's live journal subscribed: the console reader
 * (bench/servers/console.mjs) opens `GET /_sim/events?max=20` (as the console page does) on the row's simulator before each turn
 * and hangs up after it, outside the measured time, so the same simulator process serves the row
 * with and without a console and the two differ by the subscription alone.
 */
function subscribedTarget(id: string, name: string, server: Started, reader: Started, make: RequestFactory): Target {
  const inner = httpTarget(id, name, server, make);
  const tally = { requests: 0, journalEvents: 0, skipped: 0, readerCpuMs: 0 };
  consoleTallies[id] = tally;
  return {
    ...inner,
    prepare: async (seconds) => {
      const turn = await inner.prepare(seconds);
      const opened = await ask<{ error?: string }>(reader, { type: 'open', url: server.url }, 'opened');
      if (opened.error) throw new Error(`the console's event stream: ${opened.error}`);
      return async () => {
        const r = await turn();
        tally.requests += r.requests;
        return r;
      };
    },
    finish: async () => {
      const closed = await ask<{ journal: number; skipped: number; cpuMs: number }>(reader, { type: 'close' }, 'closed');
      tally.journalEvents += closed.journal;
      tally.skipped += closed.skipped;
      tally.readerCpuMs += closed.cpuMs;
    },
  };
}

/** Per console-subscribed row: requests answered, journal events the console read, those its bounded feed skipped, and the reader's CPU (warm-up included). */
const consoleTallies: Record<string, { requests: number; journalEvents: number; skipped: number; readerCpuMs: number }> = {};

/**
 * Every row: `keys` are what `--only` matches (a name given matches a key containing it);
 * `ceiling` is what its `x ceiling` figures are against, `without` the same row without what it
 * adds, and `pull` the rows it cannot be judged without, run with it even when not named.
 */
interface Plan {
  id: string;
  keys: string[];
  ceiling?: string;
  without?: string;
  pull?: string[];
}

const PLAN: Plan[] = [
  { id: 'ListCardInfo', keys: ['ListCardInfo'], ceiling: 'ceiling ListCardInfo', pull: ['ceiling ListCardInfo'] },
  { id: 'console ListCardInfo', keys: ['console'], ceiling: 'ceiling ListCardInfo', without: 'ListCardInfo', pull: ['ListCardInfo'] },
  { id: 'ceiling ListCardInfo', keys: ['ceiling'], ceiling: 'ceiling ListCardInfo' },
  { id: 'QueryCardFlowInfo', keys: ['QueryCardFlowInfo'], ceiling: 'ceiling QueryCardFlowInfo', pull: ['ceiling QueryCardFlowInfo'] },
  {
    id: 'console QueryCardFlowInfo',
    keys: ['console'],
    ceiling: 'ceiling QueryCardFlowInfo',
    without: 'QueryCardFlowInfo',
    pull: ['QueryCardFlowInfo'],
  },
  { id: 'ceiling QueryCardFlowInfo', keys: ['ceiling'], ceiling: 'ceiling QueryCardFlowInfo' },
  { id: 'sim-cards', keys: ['sim-cards'], ceiling: 'ceiling sim-cards', pull: ['ceiling sim-cards'] },
  { id: 'console sim-cards', keys: ['console'], ceiling: 'ceiling sim-cards', without: 'sim-cards', pull: ['sim-cards'] },
  { id: 'ceiling sim-cards', keys: ['ceiling'], ceiling: 'ceiling sim-cards' },
  // The write rows answer a small work order: against the ListCardInfo page's ceiling they compare cost, not like with like.
  { id: 'stop/reset', keys: ['stop/reset'], ceiling: 'ceiling ListCardInfo' },
  { id: 'state-file', keys: ['state-file'], ceiling: 'ceiling ListCardInfo', without: 'stop/reset', pull: ['stop/reset'] },
  {
    id: 'state-file process',
    keys: ['state-file-process'],
    ceiling: 'ceiling ListCardInfo',
    without: 'stop/reset',
    pull: ['stop/reset'],
  },
  { id: 'MSW', keys: ['MSW'], ceiling: 'MSW ceiling', pull: ['MSW ceiling'] },
  { id: 'MSW ceiling', keys: ['MSW-ceiling', 'ceiling'], ceiling: 'MSW ceiling' },
  { id: 'pre-serialised', keys: ['pre-serialised'], ceiling: 'ceiling ListCardInfo' },
  { id: 'Prism', keys: ['Prism'], ceiling: 'ceiling ListCardInfo' },
];

/** The rows `--only` names, with the rows they pull in (a read row's ceiling, a row's base). */
function selected(): Set<string> {
  const names = opts.only
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const chosen = new Set(PLAN.filter((p) => !names || p.keys.some((k) => names.some((n) => k.includes(n)))).map((p) => p.id));
  if (!opts.prism) chosen.delete('Prism');
  for (let grew = true; grew;) {
    grew = false;
    for (const p of PLAN) {
      if (!chosen.has(p.id)) continue;
      for (const q of p.pull ?? []) if (!chosen.has(q)) grew = Boolean(chosen.add(q));
    }
  }
  return chosen;
}

/** How the ceiling column names each ceiling. */
const CEILING_LABEL: Record<string, string> = {
  'ceiling ListCardInfo': 'ListCardInfo page',
  'ceiling QueryCardFlowInfo': 'QueryCardFlowInfo page',
  'ceiling sim-cards': 'sim-cards page',
  'MSW ceiling': 'MSW, ListCardInfo page',
};

/** A page as the simulator answers it: the body, and its headers (less those node:http sets per response). */
interface Page {
  text: string;
  headers: Record<string, string>;
}

const PER_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

async function askPage(url: string, r: ReturnType<RequestFactory>, what: string): Promise<Page> {
  const res = await send(url, r);
  if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${res.text}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (!PER_RESPONSE_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
  // The ceiling serves JSON.stringify of the parsed page: it must be these very bytes.
  if (JSON.stringify(JSON.parse(res.text)) !== res.text)
    throw new Error(`${what}: JSON.stringify of the parsed page is not the page's bytes`);
  return { text: res.text, headers };
}

interface Verdict {
  target: string;
  row: string;
  against: string;
  rate: number;
  cpu: number;
  goal: string;
  met: boolean;
}

/** Issue 16's targets, each judged on one run's ratios, by rate and by server CPU both. */
function verdicts(rows: Row[]): Verdict[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Verdict[] = [];
  const judge = (target: string, id: string, against: 'ceiling' | 'without', atLeast: number, goal: string) => {
    const r = byId.get(id);
    const rate = against === 'ceiling' ? r?.vsCeiling : r?.vsWithout;
    const cpu = against === 'ceiling' ? r?.vsCeilingCpu : r?.vsWithoutCpu;
    if (!r || rate === undefined || cpu === undefined) return;
    const other = against === 'ceiling' ? r.ceiling! : r.without!;
    out.push({ target, row: r.name, against: byId.get(other)?.name ?? other, rate, cpu, goal, met: rate >= atLeast && cpu >= atLeast });
  };
  for (const id of ['ListCardInfo', 'QueryCardFlowInfo', 'sim-cards'])
    judge('vendor read row ≥ 1.0x its own ceiling', id, 'ceiling', 1, '≥ 1.0x');
  judge('MSW ≥ 0.8x the MSW ceiling', 'MSW', 'ceiling', 0.8, '≥ 0.8x');
  judge('state file ≥ 0.8x without', 'state-file', 'without', 0.8, '≥ 0.8x');
  judge('state file ≥ 0.8x without', 'state-file process', 'without', 0.8, '≥ 0.8x');
  for (const id of ['console ListCardInfo', 'console QueryCardFlowInfo', 'console sim-cards'])
    judge('a subscribed console costs ≤ 5 %', id, 'without', 0.95, '≥ 0.95x (cost ≤ 5 %)');
  return out;
}

async function main(): Promise<void> {
  const resultsDir = dirname(opts.out);
  mkdirSync(resultsDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'iotcard-sim-bench-'));
  const chosen = selected();
  const has = (id: string) => chosen.has(id);
  const loadBefore = loadavg();
  process.stderr.write(
    `bench: ${opts.duration}s per row in ${opts.rounds} turns (+${opts.warmup}s warm-up), ${opts.connections} connections, ${opts.cards} cards; ` +
      `rows: ${[...chosen].join(', ')}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
  );

  // The simulator first: its real pages are what the ceilings and Prism answer.
  const sim = await startNode(join(here, 'servers/sim.mjs'), [String(opts.cards)], profileArgs('sim'));
  const servers: Started[] = [sim];
  const iccid = String(sim.info['iccid']);
  const pages: Record<string, Page> = {
    ListCardInfo: await askPage(sim.url, listCardInfo(), 'ListCardInfo'),
    ...(has('ceiling QueryCardFlowInfo')
      ? { QueryCardFlowInfo: await askPage(sim.url, queryCardFlowInfo(iccid)(), 'QueryCardFlowInfo') }
      : {}),
    ...(has('ceiling sim-cards') ? { 'sim-cards': await askPage(sim.url, gslList(), 'GET /v1/sim-cards') } : {}),
  };
  const pageFiles: Record<string, string> = {};
  for (const [id, page] of Object.entries(pages)) writeFileSync((pageFiles[id] = join(work, `${id}.json`)), page.text);
  const pageBytes = Object.fromEntries(Object.entries(pages).map(([id, page]) => [id, Buffer.byteLength(page.text)]));

  const reader = [...chosen].some((id) => id.startsWith('console ')) ? await startNode(join(here, 'servers/console.mjs'), []) : undefined;
  if (reader) servers.push(reader);
  /** A ceiling: node:http answering `page`'s bytes with the simulator's headers for it, driven by the row's own requests. */
  const ceiling = async (id: string, name: string, page: string, mode: 'static' | 'stringify', make: RequestFactory) => {
    const server = await startNode(
      join(here, 'servers/ceiling.mjs'),
      [pageFiles[page]!, mode, JSON.stringify(pages[page]!.headers)],
      profileArgs(id.replaceAll(' ', '-')),
    );
    servers.push(server);
    // The very requests the simulator's row gets (signed, with a form body for the RPC rows,
    // which the ceiling drains and ignores), so the load generator does the same work for both.
    return httpTarget(id, name, server, make);
  };

  const targets: Target[] = [];
  let writes: Started | undefined;
  let durableWrites: Started | undefined;
  let processDurableWrites: Started | undefined;
  let msw: Started | undefined;
  for (const { id } of PLAN) {
    if (!has(id)) continue;
    switch (id) {
      case 'ListCardInfo':
        targets.push(httpTarget(id, 'iotcard-sim ListCardInfo (signed, 40/page)', sim, listCardInfo));
        break;
      case 'console ListCardInfo':
        targets.push(subscribedTarget(id, 'iotcard-sim ListCardInfo, console subscribed', sim, reader!, listCardInfo));
        break;
      case 'ceiling ListCardInfo':
        targets.push(
          await ceiling(id, 'node:http + JSON.stringify, ListCardInfo page (ceiling)', 'ListCardInfo', 'stringify', listCardInfo),
        );
        break;
      case 'QueryCardFlowInfo':
        targets.push(httpTarget(id, 'iotcard-sim QueryCardFlowInfo (signed)', sim, queryCardFlowInfo(iccid)));
        break;
      case 'console QueryCardFlowInfo':
        targets.push(subscribedTarget(id, 'iotcard-sim QueryCardFlowInfo, console subscribed', sim, reader!, queryCardFlowInfo(iccid)));
        break;
      case 'ceiling QueryCardFlowInfo':
        targets.push(
          await ceiling(
            id,
            'node:http + JSON.stringify, QueryCardFlowInfo page (ceiling)',
            'QueryCardFlowInfo',
            'stringify',
            queryCardFlowInfo(iccid),
          ),
        );
        break;
      case 'sim-cards':
        targets.push(httpTarget(id, 'iotcard-sim GET /v1/sim-cards (signed, limit 100)', sim, gslList));
        break;
      case 'console sim-cards':
        targets.push(subscribedTarget(id, 'iotcard-sim GET /v1/sim-cards, console subscribed', sim, reader!, gslList));
        break;
      case 'ceiling sim-cards':
        targets.push(await ceiling(id, 'node:http + JSON.stringify, sim-cards page (ceiling)', 'sim-cards', 'stringify', gslList));
        break;
      case 'stop/reset':
        // A simulator of its own (the same fleet and settings): the row files tens of thousands of
        // work orders and moves the clock, which would otherwise weigh on the read rows' heap and GC.
        writes = await startNode(join(here, 'servers/sim.mjs'), [String(opts.cards)], profileArgs('sim-stop-reset'));
        servers.push(writes);
        targets.push(stopResetTarget(id, 'iotcard-sim GSL stop/reset pair (signed)', writes, writes.info['activeIds'] as number[]));
        break;
      case 'state-file':
        // The same row with --state-file: each answer waits for the fsync of the change-log commit
        // holding its change (group commit), what durability costs (docs/reliability.md).
        durableWrites = await startNode(
          join(here, 'servers/sim.mjs'),
          [String(opts.cards), join(work, 'world.json')],
          profileArgs('sim-state-file'),
        );
        servers.push(durableWrites);
        targets.push(
          stopResetTarget(id, 'iotcard-sim GSL stop/reset pair, --state-file', durableWrites, durableWrites.info['activeIds'] as number[]),
        );
        break;
      case 'state-file process':
        // The same with --durability process: each answer waits for its line's write into the
        // page cache (survives kill -9, not the machine's crash), no flush to disk.
        processDurableWrites = await startNode(
          join(here, 'servers/sim.mjs'),
          [String(opts.cards), join(work, 'world-process.json'), 'process'],
          profileArgs('sim-state-file-process'),
        );
        servers.push(processDurableWrites);
        targets.push(
          stopResetTarget(
            id,
            'iotcard-sim GSL stop/reset pair, --state-file --durability process',
            processDurableWrites,
            processDurableWrites.info['activeIds'] as number[],
          ),
        );
        break;
      case 'MSW':
      case 'MSW ceiling':
        if (!msw) {
          // Its own process and its own simulator (the same fleet and settings), so its memory and CPU are its own.
          msw = await startNode(join(here, 'servers/msw.mjs'), [String(opts.cards)], profileArgs('msw'));
          servers.push(msw);
          if (has('MSW ceiling'))
            ({ bytes: pageBytes['MSW'] } = await ask<{ bytes: number }>(msw, { type: 'page', request: listCardInfo() }, 'paged'));
        }
        targets.push(
          id === 'MSW'
            ? mswTarget(id, 'iotcard-sim in-process via MSW, ListCardInfo (signed, 40/page)', msw, listCardInfo)
            : mswTarget(id, 'msw handler + JSON.stringify, ListCardInfo page (MSW ceiling)', msw, listCardInfo, true),
        );
        break;
      case 'pre-serialised':
        targets.push(await ceiling(id, 'node:http, pre-serialised ListCardInfo page', 'ListCardInfo', 'static', listCardInfo));
        break;
      case 'Prism': {
        // Prism matches paths, not `?Action=` queries, so the same page sits behind a path of its own.
        const doc = {
          openapi: '3.0.3',
          info: { title: 'ListCardInfo page for the Prism row of the benchmark', version: '1' },
          paths: {
            '/ListCardInfo': {
              get: {
                responses: {
                  '200': { description: 'one page', content: { 'application/json': { example: JSON.parse(pages['ListCardInfo']!.text) } } },
                },
              },
            },
          },
        };
        const docFile = join(work, 'prism-openapi.json');
        writeFileSync(docFile, JSON.stringify(doc));
        const prism = await startPrism(docFile);
        servers.push(prism);
        targets.push(httpTarget(id, 'Prism mock, same page (static example)', prism, undefined, '/ListCardInfo'));
        break;
      }
    }
  }

  const rows = await measureAll(targets);
  const loadAfter = loadavg();
  const simPeak = peakRssMb(sim.child.pid!);
  // What became of the write rows' work orders (completed: the card really changed state).
  const workOrders: Record<string, Record<string, number>> = {};
  for (const [id, server] of [
    ['stop/reset', writes],
    ['state-file', durableWrites],
    ['state-file process', processDurableWrites],
  ] as const) {
    if (!server) continue;
    ({ tally: workOrders[id] } = await ask<{ tally: Record<string, number> }>(server, { type: 'workOrders' }, 'workOrders'));
    process.stderr.write(`  work orders of the ${id} row: ${JSON.stringify(workOrders[id])}\n`);
  }
  for (const [id, tally] of Object.entries(consoleTallies)) {
    process.stderr.write(
      `  ${id}: the console read ${tally.journalEvents} journal events and was told of ${tally.skipped} skipped, for ${tally.requests} requests; its reader used ${Math.round(tally.readerCpuMs)} ms of CPU (${((tally.readerCpuMs * 1000) / tally.requests).toFixed(1)} µs a request)\n`,
    );
  }
  for (const server of servers) await stop(server);
  rmSync(work, { recursive: true, force: true });

  const byId = new Map(rows.map((r) => [r.id, r]));
  const prism = byId.get('Prism');
  for (const r of rows) {
    const plan = PLAN.find((p) => p.id === r.id)!;
    const ceilingRow = plan.ceiling ? byId.get(plan.ceiling) : undefined;
    if (ceilingRow) {
      r.ceiling = ceilingRow.id;
      r.vsCeiling = round2(r.rps / ceilingRow.rps);
      r.vsCeilingCpu = round2(ceilingRow.cpuUsPerRequest / r.cpuUsPerRequest);
    }
    const base = plan.without ? byId.get(plan.without) : undefined;
    if (base) {
      r.without = base.id;
      r.vsWithout = round2(r.rps / base.rps);
      r.vsWithoutCpu = round2(base.cpuUsPerRequest / r.cpuUsPerRequest);
    }
    if (prism) r.vsPrism = round2(r.rps / prism.rps);
  }
  const judged = verdicts(rows);

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const load = { before: loadBefore.map(round2), after: loadAfter.map(round2) };
  printTable(rows);
  printVerdicts(judged);
  process.stdout.write(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; pages ${Object.entries(pageBytes)
      .map(([id, bytes]) => `${id} ${bytes}`)
      .join(', ')} bytes; simulator peak RSS ${simPeak} MB over its rows; ` +
      `load average (1, 5, 15 min) ${load.before.join(' ')} before, ${load.after.join(' ')} after\n`,
  );
  const out = {
    at: new Date().toISOString(),
    machine,
    load,
    settings: {
      durationS: opts.duration,
      rounds: opts.rounds,
      warmupS: opts.warmup,
      connections: opts.connections,
      cards: opts.cards,
      pageBytes,
    },
    rows,
    targets: judged,
    workOrders,
    console: consoleTallies,
    notes: [
      "Read rows: each against its own ceiling, node:http answering that row's page (asked of the simulator once at start) through JSON.stringify per request, with the simulator's headers for it, driven by the row's own signed requests.",
      'GSL stop/reset: a simulator process of its own (same fleet and settings); every active card of the account in rotation, work orders completing at once (huaweiWorkOrderDurationMs 0), the simulated clock moved 5 min + 1 s before each run of at most 0.5 s (the 5-minute repeat rule); each request is one stop or one reset. The state-file rows: the same on other processes of their own started with a state file (group-committed change log), at durability disk (flushed) and process (written, not flushed); their x without is against the stop/reset row.',
      'Console subscribed: the same simulator process as the row without, with GET /_sim/events?max=20 open as the console page opens it (at most the 20 newest journal events a write, the rest counted in a skipped event; every event parsed, as the console does) by a reader process of its own for those turns only.',
      'MSW: its own process and simulator (iotcard-sim/msw, pure-JS hashes), fetch() to https://linkcard.aliyuncs.com intercepted by msw setupServer; the client shares that process, so its CPU per request includes the client. The MSW ceiling: the same process and loop, an msw http.post handler in front (for its turns only) answering the same page through JSON.stringify per request.',
    ],
  };
  writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`results: ${opts.out}\n`);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(rows: Row[]): void {
  const header = [
    '',
    'req/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'CPU µs/req',
    'ceiling',
    'x ceiling',
    'x ceiling (CPU)',
    'x without',
    'x without (CPU)',
    'x Prism',
  ];
  const lines = rows.map((r) => [
    r.name + (r.non2xx ? ` [${r.non2xx} non-2xx]` : ''),
    String(r.rps),
    String(r.p50),
    String(r.p99),
    String(r.peakRssMb),
    String(r.cpuUsPerRequest),
    r.ceiling === r.id ? '(itself)' : r.ceiling ? CEILING_LABEL[r.ceiling]! : '',
    r.vsCeiling?.toFixed(2) ?? '',
    r.vsCeilingCpu?.toFixed(2) ?? '',
    r.vsWithout?.toFixed(2) ?? '',
    r.vsWithoutCpu?.toFixed(2) ?? '',
    r.vsPrism?.toFixed(2) ?? '',
  ]);
  printMarkdown(header, lines, [0, 6]);
}

function printVerdicts(judged: Verdict[]): void {
  if (judged.length === 0) return;
  const header = ['target', 'row', 'against', 'x (rate)', 'x (CPU)', 'goal', ''];
  const lines = judged.map((v) => [v.target, v.row, v.against, v.rate.toFixed(2), v.cpu.toFixed(2), v.goal, v.met ? 'met' : '**missed**']);
  printMarkdown(header, lines, [0, 1, 2, 5, 6]);
}

/** A Markdown table, columns padded; the columns in `left` aligned left, the rest (figures) right. */
function printMarkdown(header: string[], lines: string[][], left: number[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    '| ' + cells.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  process.stdout.write('\n' + fmt(header) + '\n');
  process.stdout.write('|' + widths.map((w, i) => (left.includes(i) ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|\n');
  for (const l of lines) process.stdout.write(fmt(l) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(1);
});
