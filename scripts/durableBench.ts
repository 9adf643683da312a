/**
 * The cost of `--state-file` on writes: the GSL stop/reset pair against a simulator with and
 * without a state file, in alternate turns, each in a process of its own (bench/servers/sim.mjs,
 * the compiled package: run `npm run build` first). Every answer is counted by status, so a run
 * whose requests were refused shows it; server CPU is read from /proc.
 *
 *   npx tsx scripts/durableBench.ts [--seconds 10] [--connections 10] [--cards 10000] [--rounds 3]
 *
 * Each request is a signed stop or reset of an active card, in the order bench/run.ts uses (a
 * card's reset `lag` pairs after its stop; the clock moved past GSL's 5-minute repeat window
 * before the rotation could come round to a card again; requests are signed at wall-clock time,
 * which the signature check reads by default). `npm run bench -- --only stop/reset`
 * is the official row; this is the quick side-by-side for the durable change log.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    cards: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const cards = Number(values.cards);
const rounds = Number(values.rounds);
const REPEAT_WINDOW_MS = 5 * 60 * 1000 + 1000;

interface Server {
  child: ChildProcess;
  url: string;
  activeIds: number[];
  offsetMs: number;
}

function start(stateFile?: string): Promise<Server> {
  // DURABLE_BENCH_PROFILE=<dir>: a V8 CPU profile of each server.
  const profile = process.env['DURABLE_BENCH_PROFILE'];
  const execArgv = profile
    ? ['--cpu-prof', '--cpu-prof-dir', profile, '--cpu-prof-name', `${stateFile ? 'state-file' : 'plain'}.cpuprofile`]
    : [];
  const child = fork(join(here, '../bench/servers/sim.mjs'), [String(cards), ...(stateFile ? [stateFile] : [])], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string; activeIds: number[] }) => resolve({ child, url: m.url, activeIds: m.activeIds, offsetMs: 0 }));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function ask<T>(server: Server, message: object, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string } & T) => {
      if (m.type !== type) return;
      server.child.off('message', on);
      resolve(m);
    };
    server.child.on('message', on);
    server.child.send(message);
  });
}

function cpuMs(pid: number): number {
  const [user, system] = cpuSplitMs(pid);
  return user + system;
}

/** User and system CPU time of a process so far, in ms (Linux /proc). */
function cpuSplitMs(pid: number): [number, number] {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [(Number(fields[11]) * 1000) / 100, (Number(fields[12]) * 1000) / 100];
}

let firstRefusal = '';
const agent = new Agent({ keepAlive: true, maxSockets: connections });

const sign = (action: 'stop' | 'reset', id: number) =>
  signHuaweiRequest({ method: 'POST', path: `/v1/sim-cards/${id}/${action}`, data: {}, keys: HUAWEI, at: Date.now() });

function send(server: Server, r: ReturnType<typeof sign>): Promise<number> {
  const body = Buffer.from(r.body);
  return new Promise((resolve, reject) => {
    const req = request(server.url + r.path, { method: r.method, headers: r.headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200 && !firstRefusal)
          process.stderr.write(`first refusal: ${(firstRefusal = `${res.statusCode} ${text}`)}\n`);
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One measured run of `seconds` (sending time only): chunks of requests signed ahead (the SDK's
 * signer is slow and shares the machine with the server), the clock moved past the repeat window
 * before each chunk, with nothing in flight, then `connections` loops sending the chunk.
 */
async function run(
  server: Server,
  state: { next: number },
): Promise<{ requests: number; statuses: Map<number, number>; ms: number; cpu: number; latencies: number[] }> {
  const ids = server.activeIds;
  const n = ids.length;
  const lag = 2 * connections;
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  // About half a second of requests a chunk, from the rate so far.
  let chunk = 200;
  let requests = 0;
  let ms = 0;
  let cpu = 0;
  while (ms < seconds * 1000) {
    ({ offsetMs: server.offsetMs } = await ask<{ offsetMs: number }>(server, { type: 'advance', ms: REPEAT_WINDOW_MS }, 'advanced'));
    const signed = Array.from({ length: chunk }, (_, k) => {
      const i = state.next + k;
      const pair = Math.floor(i / 2);
      return i % 2 === 0 ? sign('stop', ids[(pair + lag) % n]!) : sign('reset', ids[pair % n]!);
    });
    state.next += chunk;
    let next = 0;
    const cpuBefore = cpuMs(server.child.pid!);
    const began = performance.now();
    const loop = async () => {
      while (next < signed.length) {
        const r = signed[next++]!;
        const t0 = performance.now();
        const status = await send(server, r);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        requests++;
      }
    };
    await Promise.all(Array.from({ length: connections }, loop));
    const took = performance.now() - began;
    chunk = Math.max(100, Math.min(2 * (n - 2 * lag), Math.round(chunk * (500 / took))));
    ms += took;
    cpu += cpuMs(server.child.pid!) - cpuBefore;
  }
  return { requests, statuses, ms, cpu, latencies };
}

interface Row {
  label: string;
  server: Server;
  stateFile: string | undefined;
  state: { next: number };
  cpuAtStart: [number, number];
  total: { requests: number; ms: number; cpu: number; statuses: Map<number, number>; latencies: number[] };
}

async function prepare(label: string, stateFile?: string): Promise<Row> {
  const server = await start(stateFile);
  // The first `lag` stops, so each reset finds its card stopped.
  ({ offsetMs: server.offsetMs } = await ask<{ offsetMs: number }>(server, { type: 'advance', ms: REPEAT_WINDOW_MS }, 'advanced'));
  for (let k = 0; k < 2 * connections; k++) await send(server, sign('stop', server.activeIds[k]!));
  return {
    label,
    server,
    stateFile,
    state: { next: 0 },
    cpuAtStart: cpuSplitMs(server.child.pid!),
    total: { requests: 0, ms: 0, cpu: 0, statuses: new Map(), latencies: [] },
  };
}

async function turn(row: Row, measured: boolean): Promise<void> {
  const r = await run(row.server, row.state);
  if (!measured) return;
  const total = row.total;
  total.requests += r.requests;
  total.ms += r.ms;
  total.cpu += r.cpu;
  for (const [status, count] of r.statuses) total.statuses.set(status, (total.statuses.get(status) ?? 0) + count);
  total.latencies.push(...r.latencies);
}

async function report(row: Row): Promise<{ rps: number; cpuUs: number }> {
  const { total, server, stateFile } = row;
  const [userAfter, systemAfter] = cpuSplitMs(server.child.pid!);
  total.latencies.sort((a, b) => a - b);
  const p = (q: number) => total.latencies[Math.min(total.latencies.length - 1, Math.floor(q * total.latencies.length))]!.toFixed(1);
  const rps = (total.requests * 1000) / total.ms;
  const cpuUs = (total.cpu * 1000) / total.requests;
  const sizes = stateFile ? ` state ${statSync(stateFile).size} B, log ${statSync(`${stateFile}.log`).size} B` : '';
  process.stdout.write(
    `${row.label}: ${rps.toFixed(0)} req/s, ${cpuUs.toFixed(0)} µs CPU/req, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, statuses ${JSON.stringify(Object.fromEntries(total.statuses))}${sizes}; server CPU over the whole run (warm-up included) ${Math.round(userAfter - row.cpuAtStart[0])} ms user, ${Math.round(systemAfter - row.cpuAtStart[1])} ms system\n`,
  );
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  return { rps, cpuUs };
}

// Both servers up at once and measured in alternate turns (a warm-up turn each first), so a
// change in the machine's load weighs on both rows alike.
const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-durable-'));
const plain = await prepare('stop/reset');
const durable = await prepare('stop/reset with --state-file', join(dir, 'world.json'));
for (let round = 0; round <= rounds; round++) {
  await turn(plain, round > 0);
  await turn(durable, round > 0);
}
const without = await report(plain);
const withFile = await report(durable);
process.stdout.write(`ratio ${(withFile.rps / without.rps).toFixed(2)} by rate, ${(without.cpuUs / withFile.cpuUs).toFixed(2)} by CPU\n`);
rmSync(dir, { recursive: true, force: true });
agent.destroy();
