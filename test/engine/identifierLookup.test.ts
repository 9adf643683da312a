import { describe, expect, it } from 'vitest';
import { IdentifierLookup } from '#src/fleet/identifierLookup.js';
import type { IdentifierKey } from '#src/fleet/identifierKeys.js';
import { digitsKey, digitsText, iccidKey, iccidText } from '#src/fleet/identifierKeys.js';

/** A fleet's positions in miniature: keys by position, some removed, checked against a Map. */
class Model {
  readonly keys: IdentifierKey[] = [];
  readonly live: boolean[] = [];
  readonly expected = new Map<IdentifierKey, number>();
  readonly lookup = new IdentifierLookup(
    (p) => (typeof this.keys[p] === 'number' ? (this.keys[p] as number) : Number.NaN),
    (p) => (this.live[p] ? this.keys[p] : undefined),
    100,
  );

  add(key: IdentifierKey): boolean {
    const position = this.keys.length;
    const added = this.lookup.add(key, position);
    expect(added).toBe(!this.expected.has(key));
    // The fleet writes the card only once every identifier was accepted; a refused one takes no position.
    if (added) {
      this.keys.push(key);
      this.live.push(true);
      this.expected.set(key, position);
    }
    return added;
  }

  /** An add undone, as the fleet does when a later identifier of the same card is a duplicate. */
  addThenUndo(key: IdentifierKey): void {
    const position = this.keys.length;
    expect(this.lookup.add(key, position)).toBe(true);
    this.keys.push(key);
    this.lookup.deleteAt(key, position);
    this.keys.pop();
  }

  remove(position: number): void {
    if (!this.live[position]) return;
    this.lookup.delete(this.keys[position]!);
    this.live[position] = false;
    this.expected.delete(this.keys[position]!);
  }

  check(probes: readonly IdentifierKey[]): void {
    for (const key of probes) expect(this.lookup.get(key), String(key)).toBe(this.expected.get(key) ?? -1);
  }
}

describe('IdentifierLookup', () => {
  it('finds every live key, in runs or in its table, through removals, re-adds, duplicates and undone adds', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const model = new Model();
    const used: IdentifierKey[] = [];
    let next = 1_000_000;
    for (let step = 0; step < 4000; step++) {
      const r = rand(100);
      let key: IdentifierKey;
      if (r < 55)
        key = next += 1 + rand(3); // a batch counting up
      else if (r < 60)
        key = next += 1000 + rand(100_000); // a new batch further on
      else if (r < 68)
        key = 1 + rand(2_000_000); // anywhere, often inside an earlier run
      else if (r < 73)
        key = `x${rand(500)}`; // kept as text
      else if (r < 83 && used.length > 0)
        key = used[rand(used.length)]!; // a duplicate, or a removed card's key
      else if (r < 90) {
        model.addThenUndo((next += 1 + rand(3)));
        continue;
      } else {
        if (model.keys.length > 0) model.remove(rand(model.keys.length));
        continue;
      }
      if (model.add(key)) used.push(key);
    }
    const probes = [...used, ...Array.from({ length: 2000 }, () => rand(3_000_000)), 'x-none', -1];
    model.check(probes);
    // Every live key is found at its own position, and a removed card's key is not found.
    for (const [key, position] of model.expected) expect(model.lookup.get(key)).toBe(position);
  });

  it('keeps consecutive rising keys as runs and unrelated ones in the table', () => {
    const model = new Model();
    for (let i = 0; i < 1000; i++) model.add(5_000_000 + 3 * i);
    model.add(10); // far below: not part of the run
    model.add(9_000_000_000);
    model.check([5_000_000, 5_000_003, 5_000_001, 5_002_997, 5_003_000, 10, 11, 9_000_000_000]);
    const runs = (model.lookup as unknown as { lengths: number[] }).lengths;
    expect(runs).toEqual([1000]);
  });
});

describe('identifier keys', () => {
  it('keep identifiers as numbers where the text prints back exactly, else as the text', () => {
    for (const iccid of [
      '89860012345678901234',
      '89860800000000000000',
      '89869912345678901234',
      '8986001234567890123',
      '8986001234567890123X',
      '1234',
    ]) {
      expect(iccidText(iccidKey(iccid))).toBe(iccid);
    }
    expect(typeof iccidKey('89860012345678901234')).toBe('number');
    expect(typeof iccidKey('89869912345678901234')).toBe('string');
    for (const digits of ['460001234567890', '1440012345678', '0123', '', '+8613800000000', '1234567890123456']) {
      expect(digitsText(digitsKey(digits))).toBe(digits);
    }
    expect(typeof digitsKey('460001234567890')).toBe('number');
    expect(typeof digitsKey('0123')).toBe('string');
    expect(typeof digitsKey('1234567890123456')).toBe('string');
  });
});
