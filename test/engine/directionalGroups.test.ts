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
    const revision = book.revision;
    book.delete(first);
    const gone = first;
    expect(() => book.bind(gone, 7)).toThrow(RangeError);
    // Still in the group it was in, and nothing counted as a change beyond the deletion.
    expect(book.groupOf(7)).toBe(second);
    expect([...second.cardIds]).toEqual([7]);
    expect(book.revision).toBe(revision + 1);
  });
});
