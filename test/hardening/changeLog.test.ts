import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshStateFile, remark, remarkOf } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, recoverStateFile, StateFileError } from '#src/index.js';

/**
 * The state file's change log (docs/reliability.md, "Durability"): what is committed comes back
 * after a crash, a torn last line is dropped, damage elsewhere stops the start, compaction loses
 * nothing, and a killed save's temporary file is cleaned up.
 */
const fresh = () => freshStateFile('log');

describe('the change log', () => {
  it('brings back every committed change over the snapshot, and only writes the log until compaction', async () => {
    const file = fresh();
    const simulator = createSimulator({ clock: { frozen: true } });
    const iccid = simulator.fleet.allCards().next().value!.iccid;
    const persistence = await persistState(simulator, file);
    remark(simulator, iccid, 'one');
    await persistence.durable();
    remark(simulator, iccid, 'two');
    remark(simulator, iccid, 'three');
    const waited = persistence.durable();
    expect(waited).toBeInstanceOf(Promise);
    await waited;
    expect(persistence.durable()).toBeUndefined();
    // The snapshot has not moved; the log holds the changes.
    expect(remarkOf(JSON.parse(readFileSync(file, 'utf8')), iccid)).toBeUndefined();
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBeGreaterThanOrEqual(2);
    expect(remarkOf(recovered?.scenario, iccid)).toBe('three');
    await persistence.close();
    expect(readFileSync(`${file}.log`, 'utf8')).toBe('');
    expect(remarkOf(JSON.parse(readFileSync(file, 'utf8')), iccid)).toBe('three');
  });

  it('compacts past its size without losing a change, and a crash mid-compaction replays to the same world', async () => {
    const file = fresh();
    const simulator = createSimulator({ clock: { frozen: true } });
    const cards = [...simulator.fleet.allCards()].slice(0, 20).map((c) => c.iccid);
    const persistence = await persistState(simulator, file, { compactBytes: 2_000 });
    for (let i = 0; i < 60; i++) {
      remark(simulator, cards[i % cards.length]!, `r${i}`);
      await persistence.durable();
    }
    // A compaction runs beside the commits: the files are read once it is done.
    await persistence.settled();
    const log = readFileSync(`${file}.log`, 'utf8');
    expect(Buffer.byteLength(log)).toBeLessThan(60 * 200);
    const recovered = await recoverStateFile(file);
    for (let k = 0; k < cards.length; k++) expect(remarkOf(recovered?.scenario, cards[k]!)).toBe(`r${40 + k}`);
    // Replaying the whole log again over a snapshot that already holds it changes nothing.
    writeFileSync(file, JSON.stringify(recovered!.scenario));
    const twice = await recoverStateFile(file);
    expect(twice?.scenario.state?.cards).toEqual(recovered!.scenario.state?.cards);
    await persistence.close();
  });

  it('drops a torn last line, refuses damage before the end, and removes temporary files', async () => {
    const file = fresh();
    const simulator = createSimulator({ clock: { frozen: true } });
    const iccid = simulator.fleet.allCards().next().value!.iccid;
    const persistence = await persistState(simulator, file);
    remark(simulator, iccid, 'kept');
    await persistence.durable();
    const good = readFileSync(`${file}.log`, 'utf8');
    // A kill in the middle of a write, and a kill in the middle of a save.
    appendFileSync(`${file}.log`, '{"v":1,"kind":"delta","members":{},"cards":[{"iccid":"');
    writeFileSync(`${file}.999.1.tmp`, '');
    const recovered = await recoverStateFile(file);
    expect(recovered?.torn).toBe(true);
    expect(remarkOf(recovered?.scenario, iccid)).toBe('kept');
    expect(readdirSync(join(file, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // An unreadable line with a readable one after it is damage: refused, file untouched.
    writeFileSync(`${file}.log`, `garbage\n${good}`);
    await expect(recoverStateFile(file)).rejects.toThrow(StateFileError);
    expect(readFileSync(`${file}.log`, 'utf8')).toBe(`garbage\n${good}`);
    await persistence.close();
  });
});
