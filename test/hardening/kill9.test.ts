import { describe, expect, it } from 'vitest';
import { runKillTest } from '../../scripts/kill9.js';

/**
 * The short version of `npx tsx scripts/kill9.ts` (docs/reliability.md): three kill -9 during
 * continuous writes with --state-file. Every restart succeeds, no temporary file survives a
 * restart, and every answered change is there afterwards.
 */
describe('kill -9 with --state-file', () => {
  it('loses no answered change across three kills during writes', async () => {
    const result = await runKillTest({ kills: 3, seed: 14, compactBytes: 64 * 1024 });
    expect(result.restarts).toBe(3);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.writesPerRound.every((n) => n > 0)).toBe(true);
    expect(result.lost).toEqual([]);
    expect(result.tempFilesAfterRestart).toEqual([]);
  }, 120_000);

  // Written to the kernel, not flushed: a kill of the process loses nothing all the same.
  it('loses no answered change across two kills with --durability process', async () => {
    const result = await runKillTest({ kills: 2, seed: 15, compactBytes: 64 * 1024, durability: 'process' });
    expect(result.restarts).toBe(2);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.writesPerRound.every((n) => n > 0)).toBe(true);
    expect(result.lost).toEqual([]);
    expect(result.tempFilesAfterRestart).toEqual([]);
  }, 120_000);
});
