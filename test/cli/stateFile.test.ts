import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Card } from '#src/fleet/model.js';
import { createSimulator, persistState } from '#src/index.js';
import { remark } from '#helpers/changeLogWorld.js';
import { cliRunner, type CliProcess } from '#helpers/cliProcess.js';
import { changeWorld, control, expectChangesKept, pickProbeCards, readWorld } from '#helpers/worldProbe.js';

const run = cliRunner('SIGKILL');

type Running = CliProcess & { url: string };

/** The CLI on a free port, once it serves. */
async function start(args: string[]): Promise<Running> {
  const cli = run(['--port', '0', '--log-level', 'warn', ...args]);
  return { ...cli, url: (await cli.ready).url };
}

async function stop(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  running.child.kill(signal);
  expect((await running.exited).code).toBe(0);
}

describe('iotcard-sim --state-file', () => {
  it('keeps every change across a restart: SDK stops, tags, work orders, control-plane edits, the clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-state-'));
    const file = join(dir, 'world.json');
    const first = await start(['--state-file', file]);
    // Created at start, before any change.
    expect(existsSync(file)).toBe(true);
    // The CLI serves the default scenario: the same fleet in-process picks the same cards.
    const cards = pickProbeCards(createSimulator().fleet.allCards() as Iterable<Card>);
    await changeWorld(first.url, cards);
    const before = await readWorld(first.url, cards);
    expectChangesKept(before);
    await stop(first);
    // Saved atomically: no temporary file is left beside it, and the change log is empty after a clean stop.
    expect(readdirSync(dir).sort()).toEqual(['world.json', 'world.json.log']);
    expect(readFileSync(`${file}.log`, 'utf8')).toBe('');

    const second = await start(['--state-file', file]);
    const after = await readWorld(second.url, cards);
    expectChangesKept(after);
    expect(after).toEqual(before);
    // A second round on the restarted world, ended by SIGINT this time.
    expect((await control(second.url, 'PATCH', `/cards/${cards.controlled.iccid}`, { remark: 'second life' })).status).toBe(200);
    await stop(second, 'SIGINT');

    const third = await start(['--state-file', file]);
    expect((await control(third.url, 'GET', `/cards/${cards.controlled.iccid}`)).body.remark).toBe('second life');
    await stop(third);
  });

  it.each(['disk', 'process'])('keeps a change through kill -9 the moment it is answered (--durability %s)', async (durability) => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-state-'));
    const file = join(dir, 'world.json');
    const running = await start(['--state-file', file, '--durability', durability]);
    const iccid = (JSON.parse(readFileSync(file, 'utf8')) as { cards: Array<{ iccid: string }> }).cards[0]!.iccid;
    expect((await control(running.url, 'PUT', `/cards/${iccid}/state`, { state: 'stoppedAbnormal' })).status).toBe(200);
    // Killed without a chance to save: the answer waited for the change log's write.
    running.child.kill('SIGKILL');
    await running.exited;
    const restarted = await start(['--state-file', file, '--durability', durability]);
    expect((await control(restarted.url, 'GET', `/cards/${iccid}`)).body.state).toBe('stoppedAbnormal');
    await stop(restarted);
  });

  // What the two levels differ by: disk opens the change log O_DSYNC (a write returns once on
  // disk), process does not (a write returns once the kernel has it). Read from Linux's fdinfo.
  it.runIf(process.platform === 'linux')('opens the change log O_DSYNC for --durability disk only', async () => {
    const O_DSYNC = 0o10000;
    for (const [durability, synced] of [
      ['disk', true],
      ['process', false],
    ] as const) {
      const file = join(mkdtempSync(join(tmpdir(), 'iotcard-sim-state-')), 'world.json');
      const running = await start(['--state-file', file, '--durability', durability]);
      const fds = `/proc/${running.child.pid}/fd`;
      const fd = readdirSync(fds).find((n) => {
        try {
          return readlinkSync(join(fds, n)) === `${file}.log`;
        } catch {
          return false;
        }
      });
      expect(fd, durability).toBeDefined();
      const flags = parseInt(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/${running.child.pid}/fdinfo/${fd}`, 'utf8'))![1]!, 8);
      expect((flags & O_DSYNC) !== 0, durability).toBe(synced);
      await stop(running);
    }
  });

  it('refuses --durability without a state file, or with a level it does not know', async () => {
    const alone = await run(['--port', '0', '--durability', 'process']).exited;
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--durability applies to a --state-file');
    const file = join(mkdtempSync(join(tmpdir(), 'iotcard-sim-state-')), 'world.json');
    const unknown = await run(['--port', '0', '--state-file', file, '--durability', 'tape']).exited;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--durability.*tape.*Allowed choices are disk, process/s);
    // Refused before anything was written.
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a corrupt or incompatible state file with a clear message and leaves it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-state-'));
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.json', '{"format": 1, "name": "default", "accounts": [', /state file .*truncated\.json: is not valid JSON/],
      [
        'newer.json',
        JSON.stringify({ format: 2, name: 'x', accounts: [{ id: 'a', name: 'A' }] }),
        /state file .*newer\.json: .*scenario\.format: is 2, but this iotcard-sim reads format 1/,
      ],
      [
        'stale.json',
        JSON.stringify({
          format: 1,
          name: 'x',
          accounts: [{ id: 'a', name: 'A' }],
          state: {
            generatedAt: '2026-01-01T00:00:00Z',
            clock: { mode: 'frozen', now: '2026-01-01T00:00:00Z', rate: 1, savedAt: '2026-01-01T00:00:00Z' },
            removed: ['89860000000000000000'],
            cards: [],
            books: {},
          },
        }),
        /state file .*stale\.json: cannot be loaded: state\.removed: no generated card has ICCID 89860000000000000000/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const { code, stderr } = await run(['--port', '0', '--state-file', file]).exited;
      expect(code, name).toBe(1);
      expect(stderr).toMatch(message);
      expect(stderr).toContain('left untouched');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });
  it('says how many change log lines a kill left unwritten or torn, and starts from the lines before them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iotcard-sim-state-')), 'world.json');
    const simulator = createSimulator();
    const persistence = await persistState(simulator, file);
    const cards = [...simulator.fleet.allCards()].slice(0, 4).map((card) => card.iccid);
    for (const [i, iccid] of cards.entries()) {
      remark(simulator, iccid, `r${i}`);
      await persistence.durable();
    }
    await persistence.settled();
    // Lines: base, commits 1 to 4. Commit 2 never reached the disk while 3 and 4 did (they were in flight with it).
    const log = readFileSync(`${file}.log`);
    const starts = [0];
    for (let at = log.indexOf(10); at >= 0 && at < log.length - 1; at = log.indexOf(10, at + 1)) starts.push(at + 1);
    expect(starts).toHaveLength(5);
    log.subarray(starts[2]!, starts[3]! - 1).fill(0);
    writeFileSync(`${file}.log`, log);
    const running = await start(['--state-file', file]);
    expect((await control(running.url, 'GET', `/cards/${cards[0]}`)).body.remark).toBe('r0');
    expect((await control(running.url, 'GET', `/cards/${cards[1]}`)).body.remark).not.toBe('r1');
    expect((await control(running.url, 'GET', `/cards/${cards[3]}`)).body.remark).not.toBe('r3');
    running.child.kill('SIGTERM');
    const { stdout, stderr } = await running.exited;
    expect(stdout + stderr).toContain(
      'a change log line was torn (a kill mid-write) and was dropped with the 2 written after it: none had been answered',
    );
  });
});
