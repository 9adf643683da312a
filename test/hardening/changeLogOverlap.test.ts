import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshStateFile, remark, remarkOf } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, recoverStateFile, StateFileError } from '#src/index.js';

/**
 * Overlapping commits (docs/reliability.md, "Durability"): several change-log lines are on their
 * way to disk at once, each at its own offset. An answer waits for its own line and every line
 * before it; recovery keeps the lines before the first one that is torn or missing and drops
 * the rest; a failed write cuts the log back and the next line is the whole world; a compaction
 * killed between its two renames is read from the new log. Writes are held back by an injected
 * hook, never by time.
 */
const fresh = () => freshStateFile('overlap');

/** Turns of the event loop until `ready()` holds (the commit loop and the thread pool move on their own). */
async function until(ready: () => boolean): Promise<void> {
  for (let turns = 0; !ready(); turns++) {
    if (turns > 100_000) throw new Error('gave up waiting');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A world, its first cards' ICCIDs, and a state file whose log is written through `writeLine`. */
async function world(writeLine?: (write: () => Promise<void>, n: number) => Promise<void>, compactBytes?: number) {
  const file = fresh();
  const simulator = createSimulator({ clock: { frozen: true } });
  const cards = [...simulator.fleet.allCards()].slice(0, 8).map((c) => c.iccid);
  const persistence = await persistState(simulator, file, {
    ...(writeLine ? { writeLine } : {}),
    ...(compactBytes ? { compactBytes } : {}),
  });
  return { file, simulator, cards, persistence };
}

describe('overlapping commits', () => {
  it('answers a later commit only once every earlier one is on disk, and a kill before that keeps the prefix', async () => {
    const hold = gate();
    const started: number[] = [];
    const finished: number[] = [];
    const { file, simulator, cards, persistence } = await world(async (write, n) => {
      started.push(n);
      if (n === 2) await hold.opened;
      await write();
      finished.push(n);
    });
    remark(simulator, cards[0]!, 'one');
    await persistence.durable();
    // Commit 2's write is held back; commit 3 is written beside it and lands first.
    remark(simulator, cards[1]!, 'two');
    const second = persistence.durable()!;
    await until(() => started.includes(2));
    remark(simulator, cards[2]!, 'three');
    const third = persistence.durable()!;
    let thirdAnswered = false;
    void third.then(() => (thirdAnswered = true));
    await until(() => finished.includes(3));
    // Let every callback waiting on commit 3's write run.
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(thirdAnswered).toBe(false);
    // What a kill now leaves: line 1, zeros where line 2 goes, line 3. Only line 1 counts.
    const killed = await recoverStateFile(file);
    expect(killed?.torn).toBe(true);
    expect(remarkOf(killed?.scenario, cards[0]!)).toBe('one');
    expect(remarkOf(killed?.scenario, cards[1]!)).toBeUndefined();
    expect(remarkOf(killed?.scenario, cards[2]!)).toBeUndefined();
    hold.open();
    await Promise.all([second, third]);
    expect(finished).toEqual([1, 3, 2]);
    const recovered = await recoverStateFile(file);
    expect(recovered?.torn).toBe(false);
    expect(cards.slice(0, 3).map((iccid) => remarkOf(recovered?.scenario, iccid))).toEqual(['one', 'two', 'three']);
    await persistence.close();
  });

  it('drops a torn or zero-filled middle line and the lines in flight after it; more lines after it are damage', async () => {
    const { file, simulator, cards, persistence } = await world();
    for (let i = 0; i < 7; i++) {
      remark(simulator, cards[i]!, `r${i}`);
      await persistence.durable();
    }
    await persistence.settled();
    const whole = readFileSync(`${file}.log`);
    const snapshot = readFileSync(file);
    // Line offsets: base, then commits 1..7.
    const starts = [0];
    for (let at = whole.indexOf(10); at >= 0 && at < whole.length - 1; at = whole.indexOf(10, at + 1)) starts.push(at + 1);
    expect(starts).toHaveLength(8);
    const withHole = (line: number, upTo: number, fill: (bytes: Buffer) => void) => {
      const end = line + 1 < starts.length ? starts[line + 1]! : whole.length;
      const cut = Buffer.from(whole.subarray(0, upTo < starts.length ? starts[upTo]! : whole.length));
      // Zeros over the line's body, its newline kept (the last page of its write landed).
      fill(cut.subarray(starts[line]!, end - 1));
      return cut;
    };
    // Commit 2 never written, commits 3 to 5 written beside it: commit 1 only.
    writeFileSync(
      `${file}.log`,
      withHole(2, 6, (bytes) => bytes.fill(0)),
    );
    const zeros = await recoverStateFile(file);
    expect(zeros).toMatchObject({ torn: true, afterHole: 3, replayed: 1 });
    expect(cards.slice(0, 5).map((iccid) => remarkOf(zeros?.scenario, iccid))).toEqual(['r0', undefined, undefined, undefined, undefined]);
    // Commit 2 half written (its start landed, the rest is zeros): the same.
    writeFileSync(
      `${file}.log`,
      withHole(2, 4, (bytes) => bytes.subarray(bytes.length >> 1).fill(0)),
    );
    const half = await recoverStateFile(file);
    expect(half).toMatchObject({ torn: true, afterHole: 1, replayed: 1 });
    // Five whole lines after the hole: more than were ever in flight with it. Refused, untouched.
    const damaged = withHole(2, 8, (bytes) => bytes.fill(0));
    writeFileSync(`${file}.log`, damaged);
    await expect(recoverStateFile(file)).rejects.toThrow(StateFileError);
    expect(readFileSync(`${file}.log`).equals(damaged)).toBe(true);
    expect(readFileSync(file).equals(snapshot)).toBe(true);
    await persistence.close();
  });

  it('after a failed write, answers it and the lines after it with an error, cuts the log back and writes the whole world next', async () => {
    let failures = 0;
    const { file, simulator, cards, persistence } = await world(async (write, n) => {
      if (n === 2 && failures++ === 0) throw new Error('disk full (injected)');
      await write();
    });
    remark(simulator, cards[0]!, 'one');
    await persistence.durable();
    remark(simulator, cards[1]!, 'two');
    await expect(persistence.durable()).rejects.toThrow('disk full');
    remark(simulator, cards[2]!, 'three');
    await persistence.durable();
    await persistence.settled();
    const kinds = readFileSync(`${file}.log`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const record = JSON.parse(line) as { kind: string; n?: number };
        return `${record.kind} ${record.n}`;
      });
    expect(kinds).toEqual(['base 0', 'delta 1', 'full 2']);
    const recovered = await recoverStateFile(file);
    expect(cards.slice(0, 3).map((iccid) => remarkOf(recovered?.scenario, iccid))).toEqual(['one', 'two', 'three']);
    await persistence.close();
  });

  it('reads the new log of a compaction killed between renaming its snapshot and its log', async () => {
    const { file, simulator, cards, persistence } = await world(undefined, 1_000);
    const sha = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    let stale: Buffer | undefined;
    for (let i = 0; i < 8; i++) {
      const before = { snapshot: sha(), log: readFileSync(`${file}.log`) };
      remark(simulator, cards[i]!, `r${i}`);
      await persistence.durable();
      // The compaction runs beside the commits: the files are read once it is done.
      await persistence.settled();
      if (sha() !== before.snapshot) stale = before.log;
    }
    expect(stale).toBeDefined();
    const live = JSON.parse(JSON.stringify(simulator.exportScenario())) as { state: { cards: Array<{ iccid: string; remark?: string }> } };
    // The kill: the new snapshot in place, the old log (naming the snapshot before) still the log,
    // the new one beside it as `<file>.log.next`.
    copyFileSync(`${file}.log`, `${file}.log.next`);
    writeFileSync(`${file}.log`, stale!);
    const recovered = await recoverStateFile(file);
    expect(recovered?.stale).toBe(false);
    expect(cards.map((iccid) => remarkOf(recovered?.scenario, iccid))).toEqual(cards.map((_, i) => `r${i}`));
    expect(cards.map((iccid) => remarkOf(live, iccid))).toEqual(cards.map((_, i) => `r${i}`));
    // Without the new log, the old one is skipped as older than the snapshot (what the snapshot holds stays).
    rmSync(`${file}.log.next`);
    const skipped = await recoverStateFile(file);
    expect(skipped?.stale).toBe(true);
    await persistence.close();
  });
});
