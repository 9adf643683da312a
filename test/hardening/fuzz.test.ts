import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../scripts/fuzz.js';

/**
 * The short, fixed-seed run of `npm run fuzz` (docs/reliability.md, "Fuzzing"): generated
 * requests over every vendor route and the control plane against the built CLI on loopback. No
 * request may end the process or get a 5xx no fault rule asked for; a failure prints the shrunk
 * request and the seed. Counts only, no timing.
 */
describe('the fuzzer, fixed seed', () => {
  it('finds no request that kills the simulator or gets an uninjected 5xx', async () => {
    const result = await runFuzz({ seed: 14, requests: 1_500, workers: 4, seconds: 240 });
    expect(result.failure).toBeUndefined();
    expect(result.exited).toBe(false);
    expect(result.requests).toBeGreaterThanOrEqual(1_500);
    // The generators reach past the gateways: successes and several kinds of refusal.
    expect(result.byStatus[200]).toBeGreaterThan(0);
    expect(Object.keys(result.byStatus).length).toBeGreaterThan(3);
  }, 300_000);
});
