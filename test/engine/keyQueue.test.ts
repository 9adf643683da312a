import { describe, expect, it } from 'vitest';
import { KeyQueue } from '#src/engine/keyQueue.js';

/** What a queue holds, oldest first, without changing it. */
function contents(queue: KeyQueue<string>): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  queue.retain((key, stamp) => (out.push([key, stamp]), true));
  return out;
}

describe('KeyQueue', () => {
  it('gives entries back oldest first, across the cuts of its spent slots', () => {
    const queue = new KeyQueue<string>();
    // Enough shifts to cut the spent slots several times (at 1,024 and half the arrays).
    for (let i = 0; i < 5_000; i++) queue.push(`k${i}`, i);
    const seen: number[] = [];
    for (let i = 0; i < 4_000; i++) {
      expect(queue.firstKey()).toBe(`k${i}`);
      seen.push(queue.firstStamp());
      queue.shift();
      // Pushed while shifting: they line up behind the rest.
      if (i % 4 === 0) queue.push(`late${i}`, 10_000 + i);
    }
    expect(seen).toEqual(Array.from({ length: 4_000 }, (_, i) => i));
    expect(queue.size).toBe(1_000 + 1_000);
    expect(contents(queue).slice(0, 2)).toEqual([
      ['k4000', 4_000],
      ['k4001', 4_001],
    ]);
    expect(contents(queue).at(-1)).toEqual(['late3996', 13_996]);
  });

  it('keeps what retain says is live, in order; empties when shifted to the end', () => {
    const queue = new KeyQueue<string>();
    for (const [key, stamp] of [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
    ] as const)
      queue.push(key, stamp);
    queue.retain((key, stamp) => !(key === 'a' && stamp === 1));
    expect(contents(queue)).toEqual([
      ['b', 2],
      ['a', 3],
      ['c', 4],
    ]);
    for (let i = 0; i < 3; i++) queue.shift();
    expect(queue.size).toBe(0);
    queue.push('d', 5);
    expect([queue.firstKey(), queue.firstStamp(), queue.size]).toEqual(['d', 5, 1]);
  });
});
