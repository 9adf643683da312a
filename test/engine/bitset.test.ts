import { describe, expect, it } from 'vitest';
import { Bitset } from '#src/fleet/bitset.js';
import { CardIndex } from '#src/fleet/cardIndex.js';

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

  it('agrees with a Set through adds and deletes in any order, spans far from 0 included', () => {
    // A seeded stream (xorshift), so a failure reproduces.
    let x = 2463534242;
    const next = (n: number) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
    const sets = Array.from({ length: 4 }, () => ({ bits: new Bitset(), truth: new Set<number>() }));
    const check = () => {
      for (const { bits, truth } of sets) {
        expect([...bits.values()]).toEqual(reference([...truth]));
        expect(bits.count()).toBe(truth.size);
      }
      const [a, b] = sets;
      const both = [...a!.truth].filter((m) => b!.truth.has(m));
      expect([...a!.bits.and(b!.bits).values()]).toEqual(reference(both));
      expect(a!.bits.and(b!.bits).count()).toBe(both.length);
      const union = a!.bits.clone().orInPlace(b!.bits);
      expect([...union.values()]).toEqual(reference([...a!.truth, ...b!.truth]));
      expect(union.count()).toBe(new Set([...a!.truth, ...b!.truth]).size);
      const from = next(40);
      expect(a!.bits.slice(from, 7)).toEqual(reference([...a!.truth]).slice(from, from + 7));
    };
    for (let round = 0; round < 30; round++) {
      for (const [k, { bits, truth }] of sets.entries()) {
        // Each set lives in its own region (far from 0 for some), sometimes added downwards.
        const origin = k * 50_000 + next(2_000);
        for (let i = 0; i < 40; i++) {
          const m = origin + (round % 2 ? 3_000 - next(3_000) : next(3_000));
          bits.add(m);
          truth.add(m);
        }
        for (const m of [...truth].slice(0, next(30))) {
          bits.delete(m);
          truth.delete(m);
        }
        expect(bits.has(origin + 1)).toBe(truth.has(origin + 1));
      }
      check();
    }
    // Emptied, a set moves its span to wherever its next member is.
    const { bits } = sets[3]!;
    for (const m of [...bits.values()]) bits.delete(m);
    expect(bits.count()).toBe(0);
    bits.add(7);
    expect([...bits.values()]).toEqual([7]);
  });
});

describe('CardIndex.match', () => {
  const card = (seq: number, state: string, planId: string) =>
    ({
      seq,
      accountId: 'a',
      state,
      carrier: 'CMCC',
      planId,
      formFactor: 'nano',
      simKind: 'physical',
      networkType: '4G',
      orderId: 1,
      tags: [],
    }) as never;

  it('gives a set of its own, never a bucket of the index, and counts within one without building it', () => {
    const index = new CardIndex();
    for (let seq = 0; seq < 200; seq++) index.add(card(seq, seq % 3 === 0 ? 'active' : 'stoppedByUser', seq < 100 ? 'p1' : 'p2'));
    const mine = index.match({ accountId: ['a'] })!;
    mine.delete(0);
    mine.add(5_000);
    expect(index.match({ accountId: ['a'] })!.count()).toBe(200);
    expect(index.match({ accountId: ['a'] })!.has(5_000)).toBe(false);
    // One-value fields first, then several values read within them, in whatever order the filter gives them.
    const matched = index.match({ state: ['active', 'stoppedByUser'], planId: ['p2'], accountId: ['a'] })!;
    expect([...matched.values()]).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(index.counts('state', index.match({ planId: ['p1'] }))).toEqual(
      new Map([
        ['active', 34],
        ['stoppedByUser', 66],
      ]),
    );
  });
});

describe('Bitset.countAnd', () => {
  it('counts what and() would hold, over spans that overlap in part or not at all', () => {
    const a = new Bitset();
    const b = new Bitset();
    for (let i = 0; i < 3_000; i += 3) a.add(i);
    for (let i = 1_000; i < 9_000; i += 2) b.add(i);
    expect(a.countAnd(b)).toBe(a.and(b).count());
    expect(b.countAnd(a)).toBe(a.and(b).count());
    const far = new Bitset();
    far.add(100_000);
    expect(a.countAnd(far)).toBe(0);
  });
});
