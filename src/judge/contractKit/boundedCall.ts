import type { ContractWorld } from './world.js';

/** How a call ended: a value, an error, or still calling after more than the allowed requests. */
export type BoundedOutcome = { looped: false; value: unknown } | { looped: false; error: unknown } | { looped: true; requests: number };

/**
 * Runs a call that must end within `maxRequests` requests: a client that keeps calling gets a
 * clear failure at once, not a test timeout. The world's request count is watched meanwhile.
 */
export async function boundedCall(
  world: ContractWorld,
  call: () => Promise<unknown>,
  maxRequests: number,
): Promise<BoundedOutcome & { requests?: number }> {
  const before = await world.requestCount();
  let watching = true;
  const looped = (async (): Promise<BoundedOutcome> => {
    while (watching) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const requests = (await world.requestCount()) - before;
      if (requests > maxRequests) return { looped: true, requests };
    }
    return { looped: true, requests: 0 };
  })();
  try {
    return await Promise.race([
      call().then(
        (value): BoundedOutcome => ({ looped: false, value }),
        (error: unknown): BoundedOutcome => ({ looped: false, error }),
      ),
      looped,
    ]);
  } finally {
    watching = false;
  }
}
