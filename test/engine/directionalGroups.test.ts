import { describe, expect, it } from 'vitest';
import { DirectionalGroupBook } from '#src/fleet/directionalGroups.js';

describe('DirectionalGroupBook', () => {
  it('moves a card between groups, and refuses a group it does not hold without moving the card', () => {
    const book = new DirectionalGroupBook();
    const first = book.create('acme', 'first', 1);
    const second = book.create('acme', 'second', 1);
    book.bind(first, 7);
    book.bind(second, 7);
    expect([...first.cardIds]).toEqual([]);
    expect([...second.cardIds]).toEqual([7]);
    book.trackChanges();
    book.delete(first);
    const gone = first;
    expect(() => book.bind(gone, 7)).toThrow(RangeError);
    expect(() => book.delete(gone)).toThrow(RangeError);
    // Still in the group it was in, and nothing counted as a change beyond the deletion.
    expect(book.groupOf(7)).toBe(second);
    expect([...second.cardIds]).toEqual([7]);
    expect(book.drainGrouped()).toEqual({
      groups: { nextId: second.id + 1, groups: [{ id: second.id, accountId: 'acme', name: 'second', createdAt: 1, addresses: [] }] },
      bindings: [],
    });
  });

  it('tells the change log the cards rebound since, each with its group now, in the order of its last change', () => {
    const book = new DirectionalGroupBook();
    const a = book.create('acme', 'a', 1);
    const b = book.create('acme', 'b', 1);
    book.bind(a, 1);
    // Not followed yet: nothing remembered.
    expect(book.drainGrouped()).toEqual({ bindings: [] });
    book.trackChanges();
    book.bind(a, 2);
    book.bind(b, 3);
    book.bind(a, 1);
    book.bind(b, 2);
    expect(book.drainGrouped()).toEqual({
      bindings: [
        [3, b.id],
        [1, a.id],
        [2, b.id],
      ],
    });
    expect([...a.cardIds]).toEqual([1]);
    expect([...b.cardIds]).toEqual([3, 2]);
    expect(book.drainGrouped()).toEqual({ bindings: [] });
    // A card bound to a group deleted since is in no group.
    book.bind(b, 4);
    book.delete(b);
    expect(book.drainGrouped()).toEqual({
      groups: { nextId: b.id + 1, groups: [{ id: a.id, accountId: 'acme', name: 'a', createdAt: 1, addresses: [] }] },
      bindings: [[4, 0]],
    });
    const epoch = book.epoch;
    book.restore(book.toJSON());
    expect(book.epoch).toBe(epoch + 1);
    expect(book.drainGrouped()).toEqual({ bindings: [] });
  });
});
