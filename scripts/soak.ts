/**
 * `npm run soak`: a soak of mixed valid traffic against the built CLI on loopback
 * (docs/reliability.md, "Soak"): signed Alibaba and Huawei reads and card switches and
 * control-plane reads, `--connections` at a time for `--seconds`. Reports requests, statuses,
 * p50/p99 latency, and the server's RSS sampled every 5 s (to see it level off).
 *
 *   npm run soak -- [--seconds 60] [--connections 16] [--state-file]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = arg('seconds', 60);
const connections = arg('connections', 16);
const withStateFile = process.argv.includes('--state-file');

const dir = withStateFile ? mkdtempSync(join(tmpdir(), 'iotcard-sim-soak-')) : undefined;
const child = spawn(
  process.execPath,
  [CLI, '--port', '0', '--log-level', 'error', ...(dir ? ['--state-file', join(dir, 'world.json')] : [])],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (found && out.includes('Ready.')) resolve(found);
  });
  child.on('exit', (code) => reject(new Error(`exited ${code}`)));
});
const host = new URL(url).host;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

// Whatever happens here, the server started here does not outlive the script.
process.on('exit', () => child.kill('SIGKILL'));
const fleet = (await (await fetch(`${url}/_sim/cards?limit=200`)).json()) as {
  items?: Array<{ iccid: string; id: number; accountId: string; msisdn: string }>;
};
const cards = (fleet.items ?? []).filter((c) => c.accountId === (fleet.items ?? [])[0]?.accountId);
if (cards.length === 0) throw new Error('no cards listed by GET /_sim/cards');
let n = 0;
const pick = () => cards[n++ % cards.length]!;

const aliyun = (action: string, params: Record<string, string>): SimRequest =>
  signedV1(action, '2021-05-20', params, { method: 'POST', at: Date.now() });
const huawei = (method: string, path: string, query: Record<string, unknown> = {}, data?: unknown): SimRequest =>
  signHuaweiRequest({ method, path, query, ...(data !== undefined ? { data } : {}), keys: HUAWEI, headers: { host } });
const MIX: Array<() => SimRequest> = [
  () => aliyun('ListCardInfo', { PageNo: '1', PageSize: '10' }),
  () => aliyun('GetCardDetail', { Iccid: pick().iccid }),
  () => aliyun('StopSingleCard', { Iccid: pick().iccid }),
  () => aliyun('ResumeSingleCard', { Iccid: pick().iccid }),
  () => huawei('GET', '/v1/sim-cards', { limit: 10, offset: 1 }),
  () => huawei('GET', `/v1/sim-cards/${pick().id}`),
  () => huawei('POST', `/v1/sim-cards/${pick().id}/stop`, {}, {}),
  () => ({ method: 'GET', path: '/_sim/clock', rawQuery: '', headers: {}, body: new Uint8Array() }),
];

const agent = new Agent({ keepAlive: true, maxSockets: connections });
function send(r: SimRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(r.body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: new URL(url).port,
        method: r.method,
        path: r.path + (r.rawQuery ? `?${r.rawQuery}` : ''),
        headers: { ...r.headers, host, 'content-length': String(body.length) },
        agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
const statuses: Record<number, number> = {};
let errors = 0;
const rssSamples: number[] = [rss()];
const sampler = setInterval(() => rssSamples.push(Math.round(rss())), 5_000);
const until = Date.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async (_, w) => {
    for (let i = w; Date.now() < until; i += connections) {
      const r = MIX[i % MIX.length]!();
      const started = performance.now();
      try {
        const status = await send(r);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  }),
);
clearInterval(sampler);
rssSamples.push(Math.round(rss()));
latencies.sort((a, b) => a - b);
const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2));
console.log(
  JSON.stringify(
    {
      seconds,
      connections,
      stateFile: withStateFile,
      requests: latencies.length,
      rps: Math.round(latencies.length / seconds),
      statuses,
      errors,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: at(1),
      rssMbEvery5s: rssSamples.map(Math.round),
      exitedDuringSoak: child.exitCode !== null,
    },
    null,
    2,
  ),
);
agent.destroy();
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
if (dir) rmSync(dir, { recursive: true, force: true });
process.exit(0);
