/**
 * A soak in simulated time: the mixed valid traffic of `npm run soak` (signed Alibaba and Huawei
 * reads and card switches, Dyiotapi QueryCardFlowInfo, a control-plane read), in-process, at
 * `--rate` requests a simulated second for `--minutes` simulated minutes. Signatures are checked
 * against the simulated clock (`signatureClock: 'simulated'`), which moves 1/rate s a request, so
 * an hour of traffic, with every 15-minute signature window, 5-minute repeat rule and work order
 * it brings, passes in a minute or two of real time. Each simulated minute prints its CPU µs a
 * request (process.cpuUsage around `simulator.handle`, commits included with `--state-file`),
 * the heap after it and its statuses: a cost or a heap that keeps climbing once the windows are
 * full is a degradation a real-time soak of a minute never reaches. `--only` keeps some of the
 * mix, by name: `--only QueryCardFlowInfo --rate 500` is the run that showed the replay guard's
 * cost climbing once its window was full (docs/performance.md, "Maps that forget their oldest").
 *
 * `test/hardening/soakSimulated.test.ts` runs two minutes of it, with and without a state file.
 *
 *   npx tsx scripts/soak-simulated.ts [--rate 200] [--minutes 60] [--cards 10000] [--only A,B] [--state-file]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator, persistState } from '../src/index.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

/** The mix's requests, by name (`--only` keeps some). */
export const MIX_NAMES = [
  'ListCardInfo',
  'GetCardDetail',
  'StopSingleCard',
  'ResumeSingleCard',
  'QueryCardFlowInfo',
  'ListSimCards',
  'ShowSimCard',
  'StopSimCard',
  'ResetSimCard',
  'clock',
] as const;

export interface SoakOptions {
  rate: number;
  minutes: number;
  cards: number;
  only?: ReadonlySet<string>;
  stateFile?: boolean;
  log?: (line: string) => void;
}

/** One simulated minute: CPU µs a request, the heap after it, and the statuses. */
export interface SoakMinute {
  usPerRequest: number;
  heapMb: number;
  statuses: { '2xx': number; '4xx': number; '5xx': number };
}

export async function soakSimulated(options: SoakOptions): Promise<SoakMinute[]> {
  const { rate, minutes, only } = options;
  const log = options.log ?? (() => undefined);
  const simulator = createSimulator({
    cards: options.cards,
    clock: { frozen: true },
    settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0, signatureClock: 'simulated' },
  });
  const dir = options.stateFile ? mkdtempSync(join(tmpdir(), 'iotcard-sim-soak-simulated-')) : undefined;
  const persistence = dir ? await persistState(simulator, join(dir, 'world.json'), { durability: 'process' }) : undefined;
  const account = simulator.fleet.accounts()[0]!.id;
  const cards = simulator.fleet.query({ accountId: account }, 0, simulator.fleet.size).items.map(({ id, iccid }) => ({ id, iccid }));
  let next = 0;
  const pick = () => cards[next++ % cards.length]!;

  const aliyun = (action: string, params: Record<string, string>, at: number, version = '2021-05-20'): SimRequest =>
    signedV1(action, version, params, { method: 'POST', at });
  const huawei = (method: string, path: string, at: number, query: Record<string, unknown> = {}, data?: unknown): SimRequest =>
    signHuaweiRequest({ method, path, query, ...(data !== undefined ? { data } : {}), keys: HUAWEI, at });
  const MIX: Record<(typeof MIX_NAMES)[number], (at: number) => SimRequest> = {
    ListCardInfo: (at) => aliyun('ListCardInfo', { PageNo: '1', PageSize: '10' }, at),
    GetCardDetail: (at) => aliyun('GetCardDetail', { Iccid: pick().iccid }, at),
    StopSingleCard: (at) => aliyun('StopSingleCard', { Iccid: pick().iccid }, at),
    ResumeSingleCard: (at) => aliyun('ResumeSingleCard', { Iccid: pick().iccid }, at),
    QueryCardFlowInfo: (at) => aliyun('QueryCardFlowInfo', { Iccid: pick().iccid }, at, '2017-11-11'),
    ListSimCards: (at) => huawei('GET', '/v1/sim-cards', at, { limit: 10, offset: 1 }),
    ShowSimCard: (at) => huawei('GET', `/v1/sim-cards/${pick().id}`, at),
    StopSimCard: (at) => huawei('POST', `/v1/sim-cards/${pick().id}/stop`, at, {}, {}),
    ResetSimCard: (at) => huawei('POST', `/v1/sim-cards/${pick().id}/reset`, at, {}, {}),
    clock: () => ({ method: 'GET', path: '/_sim/clock', rawQuery: '', headers: {}, body: new Uint8Array() }),
  };
  const mix = MIX_NAMES.filter((name) => !only || only.has(name)).map((name) => MIX[name]);
  if (mix.length === 0) throw new Error(`--only names none of ${MIX_NAMES.join(', ')}`);

  const step = 1_000 / rate;
  const perMinute = Math.round(rate * 60);
  log(
    `soak in simulated time: ${rate} requests a simulated second, ${minutes} minutes, ${cards.length} cards of ${account}${only ? `, only ${[...only].join(', ')}` : ''}${persistence ? ', state file (process)' : ''}`,
  );
  const out: SoakMinute[] = [];
  let sent = 0;
  for (let minute = 1; minute <= minutes; minute++) {
    const start = simulator.clock.now();
    // Signed before the minute's measured span: the signers are the SDKs', not the simulator's cost.
    const requests = Array.from({ length: perMinute }, (_, i) => mix[(sent + i) % mix.length]!(start + i * step));
    const statuses = { '2xx': 0, '4xx': 0, '5xx': 0 };
    const before = process.cpuUsage();
    for (let i = 0; i < requests.length; i++) {
      simulator.clock.set(start + i * step);
      const { status } = simulator.handle(requests[i]!);
      statuses[status >= 500 ? '5xx' : status >= 400 ? '4xx' : '2xx']++;
      // With a state file, the commit runs as it would between turns of the server's event loop.
      if (persistence && i % 5 === 4) await persistence.durable();
    }
    const used = process.cpuUsage(before);
    sent += requests.length;
    simulator.clock.set(start + 60_000);
    const result = {
      usPerRequest: (used.user + used.system) / requests.length,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      statuses,
    };
    out.push(result);
    log(
      `  minute ${String(minute).padStart(3)}: ${result.usPerRequest.toFixed(1).padStart(6)} µs a request, heap ${result.heapMb.toFixed(0).padStart(4)} MB, ${statuses['2xx']} 2xx / ${statuses['4xx']} 4xx / ${statuses['5xx']} 5xx`,
    );
  }
  await persistence?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const onlyAt = process.argv.indexOf('--only');
  await soakSimulated({
    rate: arg('rate', 200),
    minutes: arg('minutes', 60),
    cards: arg('cards', 10_000),
    ...(onlyAt >= 0 ? { only: new Set(process.argv[onlyAt + 1]!.split(',')) } : {}),
    stateFile: process.argv.includes('--state-file'),
    log: (line) => console.log(line),
  });
}
