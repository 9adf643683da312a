import { describe, expect, it } from 'vitest';
import { runKillTest } from '../../scripts/kill9.js';

/**
 * The short version of `npx tsx scripts/kill9.ts` (docs/reliability.md): kill -9 during
 * continuous writes with --state-file, at each durability level (`process` writes to the
 * kernel without flushing: a kill of the process loses nothing all the same). Every restart
 * succeeds, no temporary file survives a restart, and every answered change is there afterwards.
 */
describe('kill -9 with --state-file', () => {
  it.each([
    { durability: 'disk', kills: 3, seed: 14 },
    { durability: 'process', kills: 2, seed: 15 },
  ] as const)(
    'loses no answered change across $kills kills during writes (--durability $durability)',
    async ({ durability, kills, seed }) => {
      const result = await runKillTest({ kills, seed, compactBytes: 64 * 1024, durability });
      expect(result.restarts).toBe(kills);
      expect(result.acknowledged).toBeGreaterThan(0);
      expect(result.writesPerRound.every((n) => n > 0)).toBe(true);
      expect(result.lost).toEqual([]);
      expect(result.tempFilesAfterRestart).toEqual([]);
    },
    120_000,
  );
});
