import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/fleet/bitset.js';

function reference(members: number[]): number[] {
  return [...new Set(members)].sort((a, b) => a - b);
}

describe('Bitset', () => {
  it('grows, iterates in ascending order and counts', () => {
    const members = [0, 31, 32, 33, 63, 64, 1000, 70_000, 5];
    const b = new Bitset(8);
    for (const m of members) b.add(m);
    expect([...b.values()]).toEqual(reference(members));
    expect(b.count()).toBe(members.length);
    b.delete(31);
    expect(b.has(31)).toBe(false);
    expect(b.count()).toBe(members.length - 1);
  });

  it('slices exactly like an array slice of its members, across word boundaries', () => {
    const b = new Bitset();
    const members: number[] = [];
    for (let i = 0; i < 5000; i += 3) {
      b.add(i);
      members.push(i);
    }
    for (const [skip, take] of [
      [0, 10],
      [31, 40],
      [32, 1],
      [1600, 100],
      [1666, 10],
      [1667, 10],
    ] as const) {
      expect(b.slice(skip, take)).toEqual(members.slice(skip, skip + take));
    }
  });

  it('and/or combine like set intersection and union', () => {
    const a = new Bitset();
    const c = new Bitset();
    [1, 2, 3, 100, 200].forEach((i) => a.add(i));
    [2, 3, 4, 200, 4000].forEach((i) => c.add(i));
    expect([...a.and(c).values()]).toEqual([2, 3, 200]);
    expect([...a.clone().orInPlace(c).values()]).toEqual([1, 2, 3, 4, 100, 200, 4000]);
  });
});
