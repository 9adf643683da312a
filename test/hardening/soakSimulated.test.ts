import { describe, expect, it } from 'vitest';
import { soakSimulated } from '../../scripts/soak-simulated.js';

/**
 * `scripts/soak-simulated.ts` runs hours of mixed traffic in simulated time (docs/reliability.md,
 * "Soak"); here two minutes of it, so that the tool keeps working: every request of each minute
 * answered, none with a 5xx, with and without a state file.
 */
describe('the soak in simulated time', () => {
  for (const stateFile of [false, true]) {
    it(`answers every request of two minutes with no 5xx${stateFile ? ', with a state file' : ''}`, async () => {
      const minutes = await soakSimulated({ rate: 10, minutes: 2, cards: 1_000, stateFile });
      expect(minutes).toHaveLength(2);
      for (const { statuses } of minutes) {
        expect(statuses['2xx'] + statuses['4xx'] + statuses['5xx']).toBe(600);
        expect(statuses['5xx']).toBe(0);
        expect(statuses['2xx']).toBeGreaterThan(400);
      }
    });
  }
});
