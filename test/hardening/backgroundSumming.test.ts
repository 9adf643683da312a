import { describe, expect, it } from 'vitest';
import { createSimulator, startServer, type RunningServer, type Simulator } from '#src/index.js';

const turns = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(n);
  });

/** Runs `check` against the simulator served over HTTP, and closes the server whatever happens. */
async function serving(simulator: Simulator, check: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await startServer(simulator, { port: 0 });
  try {
    await check(server);
  } finally {
    await server.close();
  }
}

describe('the server’s background summing of deferred usage figures', () => {
  it('sums every generated card once the server listens, with nothing else to wake the event loop', async () => {
    const simulator = createSimulator({ cards: 30_000 });
    await serving(simulator, async () => {
      // Some 20 turns' work (~20 ms in 1 ms turns), and nothing but one timer to wake the loop (no
      // request, no immediate of the test's own): summing that waited for something else to wake
      // the loop does one or two turns however long the wait. The 500 ms bound the number of
      // wake-ups, not speed.
      expect(simulator.fleet.completeDeferredUsage(0)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Nothing left to sum: the count of cards left is 0.
      expect(simulator.fleet.completeDeferredUsage(0)).toBe(0);
    });
  });

  it('stops when the server closes, leaving the process free to exit', async () => {
    const simulator = createSimulator({ cards: 30_000 });
    const server = await startServer(simulator, { port: 0 });
    const left = simulator.fleet.completeDeferredUsage(0);
    await server.close();
    await turns(20);
    expect(left).toBeGreaterThan(0);
    expect(simulator.fleet.completeDeferredUsage(0)).toBe(left);
  });

  it('stops, and leaves the process serving, when summing throws', async () => {
    const simulator = createSimulator({ cards: 30_000 });
    let calls = 0;
    simulator.fleet.completeDeferredUsage = () => {
      calls++;
      throw new Error('summing failed');
    };
    await serving(simulator, async (server) => {
      await turns(10);
      expect(calls).toBe(1);
      const health = await fetch(`${server.url}/_sim/health`);
      expect(health.status).toBe(200);
    });
  });
});
