import { describe, expect, it } from 'vitest';
import { createSimulator, startServer } from '#src/index.js';

const turns = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(n);
  });

describe('the server’s background summing of deferred usage figures', () => {
  it('sums every generated card once the server listens', async () => {
    const simulator = createSimulator({ cards: 30_000 });
    const server = await startServer(simulator, { port: 0 });
    try {
      await turns(50);
      // Nothing left to sum: a further call has no card to do.
      expect(simulator.fleet.completeDeferredUsage(1)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('stops, and leaves the process serving, when summing throws', async () => {
    const simulator = createSimulator({ cards: 30_000 });
    let calls = 0;
    simulator.fleet.completeDeferredUsage = () => {
      calls++;
      throw new Error('summing failed');
    };
    const server = await startServer(simulator, { port: 0 });
    try {
      await turns(10);
      expect(calls).toBe(1);
      const health = await fetch(`${server.url}/_sim/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
