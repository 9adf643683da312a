import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';

/**
 * The fleet keeps a card object only for a card handed out alone (a look-up by identifier): a
 * listing's cards and the cards its filters read are objects it does not keep, so listing or
 * walking a million cards leaves no million objects behind (docs/performance.md, round 9).
 */
describe('card objects of listings', () => {
  // Each test its own fleet: a fleet that kept objects would have them from the test before.
  const world = (cards = 100_000) => {
    const fleet = createSimulator({ cards }).fleet;
    return { fleet, accountId: fleet.accounts()[0]!.id };
  };

  it('are the fleet’s own objects for cards handed out before, so a card looked up is the card listed', () => {
    const { fleet, accountId } = world();
    const listed = fleet.query({ accountId }, 0, 50).items;
    const looked = fleet.cardByIccid(accountId, listed[10]!.iccid)!;
    const again = fleet.query({ accountId }, 0, 50).items;
    expect(again[10]).toBe(looked);
    expect(fleet.cardByIccid(accountId, listed[10]!.iccid)).toBe(looked);
    // A filter sees each card's fields, whichever object it is given.
    const found = fleet.query({ accountId, where: (c) => c.iccid === looked.iccid }, 0, 5).items;
    expect(found).toHaveLength(1);
    expect(found[0]).toBe(looked);
  });

  it('stay off the heap once a listing and its filter are done', () => {
    const { fleet, accountId } = world();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const size = fleet.query({ accountId }, 0, 0).total;
    expect(size).toBeGreaterThan(80_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    // Every card through a filter, then every card as a page of a walk.
    let seen = fleet.query({ accountId, where: (c) => c.state !== ('deleted' as never) }, 0, 0).total;
    for (let offset = 0; offset < size; offset += 500) seen += fleet.query({ accountId }, offset, 500).items.length;
    expect(seen).toBe(2 * size);
    gc();
    // Kept, a card object is 32 bytes (16 with compressed pointers); none kept, next to nothing.
    const perCard = (process.memoryUsage().heapUsed - before) / size;
    expect(perCard).toBeLessThan(8);
  });

  it('give a filter that queries the fleet objects of its own, not the probe it is reading', () => {
    const { fleet, accountId } = world(2_000);
    const size = fleet.query({ accountId }, 0, 0).total;
    const seen = fleet.query(
      {
        accountId,
        where: (c) => {
          const { seq, iccid } = c;
          // A query from inside the filter, whose own filter reads every card of the account.
          const twins = fleet.query({ accountId, where: (d) => d.iccid === iccid }, 0, 1).items;
          return c.seq === seq && c.iccid === iccid && twins[0]?.seq === seq;
        },
      },
      0,
      0,
    ).total;
    expect(seen).toBe(size);
  });
});
