/**
 * kill -9 during continuous writes with --state-file (docs/reliability.md, "Crashes"): starts the
 * built CLI, keeps writers busy (control-plane card edits, signed GSL CreateTag calls, signed
 * Dyiotapi reminders set and deleted, a keyed book of log format 6, and signed linkcard calls
 * moving cards around three directional groups, a grouped book of log format 7), kills
 * the process with SIGKILL at a seeded random moment, restarts it on the same file, and checks
 * that every restart succeeds, no temporary file is left, and every answered change is there.
 *
 *   npx tsx scripts/kill9.ts [--kills 25] [--seed 1] [--compact-bytes 65536] [--durability disk|process]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { seededRandom } from '../src/control/faults/prng.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface KillRunOptions {
  kills: number;
  seed: number;
  /** Change-log size that triggers a compaction; small, so kills also land mid-compaction. */
  compactBytes: number;
  /** The CLI's --durability (default disk): process is written, not flushed, and must survive a kill all the same. */
  durability?: 'disk' | 'process';
  /** Remark writers (one card each), tag writers, reminder and directional writers (one card each) running at once. */
  remarkWriters?: number;
  tagWriters?: number;
  reminderWriters?: number;
  directionalWriters?: number;
  log?: (line: string) => void;
}

export interface KillRunResult {
  kills: number;
  restarts: number;
  acknowledged: number;
  lost: string[];
  tempFilesAfterRestart: string[];
  tempFilesSeenAfterKill: number;
  tornTails: number;
  writesPerRound: number[];
}

interface Child {
  process: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(file: string, compactBytes: number, durability: 'disk' | 'process'): Promise<Child> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'warn', '--state-file', file, '--durability', durability], {
    // The vendors' flow control off: the writers go as fast as the answers come, and what is measured is
    // what survives a kill, not the 200 requests a second; once the simulator answered faster, a
    // run of seed 28 stopped on a tag writer's 429.
    env: {
      ...process.env,
      IOTCARD_SIM_COMPACT_BYTES: String(compactBytes),
      IOTCARD_SIM_HUAWEI_REQUESTS_PER_SECOND: '0',
      IOTCARD_SIM_ALIYUN_REQUESTS_PER_SECOND: '0',
    },
  });
  // One exit hook per child, taken off once the child is gone: a listener per round piled up
  // past Node's warning threshold over a run of kills.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url && out.includes('Ready.')) resolve({ process: child, url, stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`the simulator exited ${code} before it was ready: ${err}`)));
  });
}

async function controlJson(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/_sim${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

async function createTag(url: string, name: string): Promise<number> {
  // fetch sends its own Host: sign that one.
  const signed = signHuaweiRequest({
    method: 'POST',
    path: '/v1/tags',
    data: { tag_name: name },
    keys: HUAWEI,
    headers: { host: new URL(url).host },
  });
  const res = await fetch(`${url}${signed.path}`, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body: Buffer.from(signed.body),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * A reminder writer's n-th call: every fifth deletes the card's reminder, the others set it to
 * `seq-n`. What the world holds after call n is `reminderAfter(n)`.
 */
const reminderAfter = (n: number): string | undefined => (n === 0 || n % 5 === 0 ? undefined : `seq-${n}`);

async function setReminder(url: string, iccid: string, n: number): Promise<number> {
  const config = reminderAfter(n);
  const signed = signedV1(
    'DoIotSetRemindConfig',
    '2017-11-11',
    { BizType: 'iccid', BizId: iccid, OperationType: config === undefined ? 'delete' : 'update', ConfigInfo: config ?? '-' },
    { method: 'POST', at: Date.now() },
  );
  const { host: _, ...headers } = signed.headers;
  const res = await fetch(`${url}/`, { method: 'POST', headers, body: Buffer.from(signed.body) });
  await res.arrayBuffer();
  return res.status;
}

/** A signed linkcard call; its answer's status and `Data`. */
async function linkcard(url: string, action: string, params: Record<string, string>): Promise<{ status: number; data: unknown }> {
  const signed = signedV1(action, '2021-05-20', params, { method: 'POST', at: Date.now() });
  const { host: _, ...headers } = signed.headers;
  const res = await fetch(`${url}/`, { method: 'POST', headers, body: Buffer.from(signed.body) });
  const body = (await res.json().catch(() => ({}))) as { Data?: unknown };
  return { status: res.status, data: body.Data };
}

/**
 * A directional writer's n-th call binds its card to group n mod 3 of three: a card found in the
 * group of call n - 1 lost call n, which two groups would not show.
 */
const groupAfter = (groups: readonly number[], n: number): number | undefined => (n === 0 ? undefined : groups[n % 3]);

const tempFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

export async function runKillTest(options: KillRunOptions): Promise<KillRunResult> {
  const log = options.log ?? (() => undefined);
  const rand = seededRandom(options.seed);
  const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-kill9-'));
  const file = join(dir, 'world.json');
  const result: KillRunResult = {
    kills: 0,
    restarts: 0,
    acknowledged: 0,
    lost: [],
    tempFilesAfterRestart: [],
    tempFilesSeenAfterKill: 0,
    tornTails: 0,
    writesPerRound: [],
  };
  // What the simulator answered 2xx to: the last remark per card, every tag created, and the
  // number of the last reminder call per card.
  const lastRemark = new Map<string, number>();
  const tags: string[] = [];
  const lastReminder = new Map<string, number>();
  // And the number of the last directional call per card.
  const lastBinding = new Map<string, number>();
  let child = await start(file, options.compactBytes, options.durability ?? 'disk');
  const cards = (JSON.parse(readFileSync(file, 'utf8')) as { cards: Array<{ iccid: string }> }).cards
    .slice(0, options.remarkWriters ?? 4)
    .map((c) => c.iccid);
  // The saved groups hold card ids: each card's, from the control plane.
  const cardIds = new Map<string, number>();
  for (const iccid of cards) cardIds.set(iccid, (await controlJson(child.url, 'GET', `/cards/${iccid}`)).json.id as number);
  const groups: number[] = [];
  for (const name of ['kill9-a', 'kill9-b', 'kill9-c']) {
    const { status, data } = await linkcard(child.url, 'AddDirectionalGroup', { GroupName: name });
    if (status !== 200 || typeof data !== 'number') throw new Error(`AddDirectionalGroup ${name}: ${status} ${String(data)}`);
    groups.push(data);
  }
  try {
    for (let round = 1; round <= options.kills; round++) {
      let stop = false;
      let writes = 0;
      const remarkWriter = async (iccid: string) => {
        for (let seq = (lastRemark.get(iccid) ?? 0) + 1; !stop; seq++) {
          const res = await controlJson(child.url, 'PATCH', `/cards/${iccid}`, { remark: `seq-${seq}` }).catch(() => undefined);
          if (!res) return;
          if (res.status !== 200) throw new Error(`PATCH /_sim/cards/${iccid}: ${res.status} ${JSON.stringify(res.json)}`);
          lastRemark.set(iccid, seq);
          result.acknowledged++;
          writes++;
        }
      };
      const tagWriter = async (w: number) => {
        for (let n = 0; !stop; n++) {
          const name = `k${round}w${w}n${n}`;
          const status = await createTag(child.url, name).catch(() => undefined);
          if (status === undefined) return;
          if (status !== 200) throw new Error(`CreateTag ${name}: ${status}`);
          tags.push(name);
          result.acknowledged++;
          writes++;
        }
      };
      const reminderWriter = async (iccid: string) => {
        for (let n = (lastReminder.get(iccid) ?? 0) + 1; !stop; n++) {
          const status = await setReminder(child.url, iccid, n).catch(() => undefined);
          if (status === undefined) return;
          if (status !== 200) throw new Error(`DoIotSetRemindConfig ${iccid} #${n}: ${status}`);
          lastReminder.set(iccid, n);
          result.acknowledged++;
          writes++;
        }
      };
      const directionalWriter = async (iccid: string) => {
        for (let n = (lastBinding.get(iccid) ?? 0) + 1; !stop; n++) {
          const params = { GroupId: String(groupAfter(groups, n)), IccidList: JSON.stringify([iccid]) };
          const res = await linkcard(child.url, 'AddCardToDirectionalGroup', params).catch(() => undefined);
          if (res === undefined) return;
          if (res.status !== 200) throw new Error(`AddCardToDirectionalGroup ${iccid} #${n}: ${res.status}`);
          lastBinding.set(iccid, n);
          result.acknowledged++;
          writes++;
        }
      };
      const writers = [
        ...cards.map(remarkWriter),
        ...Array.from({ length: options.tagWriters ?? 2 }, (_, w) => tagWriter(w)),
        ...cards.slice(0, options.reminderWriters ?? 2).map(reminderWriter),
        ...cards.slice(-(options.directionalWriters ?? 2)).map(directionalWriter),
      ];
      // Kill at a random moment in the stream of writes, once it flows.
      while (writes === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 500)));
      child.process.kill('SIGKILL');
      await child.exited;
      stop = true;
      await Promise.all(writers);
      result.kills++;
      result.writesPerRound.push(writes);
      result.tempFilesSeenAfterKill += tempFiles(dir).length;
      const logText = readFileSync(`${file}.log`, 'utf8');
      if (logText.length > 0 && !logText.endsWith('\n')) result.tornTails++;

      child = await start(file, options.compactBytes, options.durability ?? 'disk');
      result.restarts++;
      result.tempFilesAfterRestart.push(...tempFiles(dir));
      const { json: state } = await controlJson(child.url, 'GET', '/state');
      const saved = new Map<string, string>(
        (state.state.cards as Array<{ iccid: string; remark?: string }>).map((c) => [c.iccid, c.remark ?? '']),
      );
      for (const [iccid, seq] of lastRemark) {
        const kept = Number(/^seq-(\d+)$/.exec(saved.get(iccid) ?? '')?.[1] ?? 0);
        // The change in flight at the kill may have been written without being answered: kept may be one ahead.
        if (kept < seq) result.lost.push(`card ${iccid}: remark seq-${seq} answered, seq-${kept} kept`);
        else lastRemark.set(iccid, kept);
      }
      const book = JSON.stringify(state.state.books.tagBook);
      for (const name of tags) if (!book.includes(`"${name}"`)) result.lost.push(`tag ${name}`);
      const reminders = state.state.books.reminders as Array<{ reminder: { bizId: string; kind: string; config: string } }>;
      for (const [iccid, n] of lastReminder) {
        const kept = reminders.find((r) => r.reminder.bizId === iccid && r.reminder.kind === 'relative')?.reminder.config;
        // The call in flight at the kill may have been written without being answered: one ahead.
        if (kept === reminderAfter(n + 1)) lastReminder.set(iccid, n + 1);
        else if (kept !== reminderAfter(n))
          result.lost.push(`card ${iccid}: reminder call ${n} answered (${reminderAfter(n) ?? 'deleted'}), ${kept ?? 'none'} kept`);
      }
      const bound = new Map<number, number>();
      for (const group of state.state.books.directionalGroups.groups as Array<{ id: number; cardIds: number[] }>)
        for (const cardId of group.cardIds) bound.set(cardId, group.id);
      for (const [iccid, n] of lastBinding) {
        const kept = bound.get(cardIds.get(iccid)!);
        // The call in flight at the kill may have been written without being answered: one ahead.
        if (kept === groupAfter(groups, n + 1)) lastBinding.set(iccid, n + 1);
        else if (kept !== groupAfter(groups, n))
          result.lost.push(`card ${iccid}: directional call ${n} answered (group ${groupAfter(groups, n)}), group ${kept ?? 'none'} kept`);
      }
      log(`kill ${round}: ${writes} answered writes, restart ok, ${result.lost.length} lost so far`);
    }
  } finally {
    child.process.kill('SIGKILL');
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '25' },
      seed: { type: 'string', default: '1' },
      'compact-bytes': { type: 'string', default: String(64 * 1024) },
      durability: { type: 'string', default: 'disk' },
    },
  });
  const durability = values.durability;
  if (durability !== 'disk' && durability !== 'process') throw new Error(`--durability must be disk or process, got ${durability}`);
  const started = Date.now();
  const result = await runKillTest({
    kills: Number(values.kills),
    seed: Number(values.seed),
    compactBytes: Number(values['compact-bytes']),
    durability,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }, null, 2));
  process.exit(result.lost.length === 0 && result.tempFilesAfterRestart.length === 0 && result.restarts === result.kills ? 0 : 1);
}
