/**
 * A growable set of small non-negative integers (card positions). Filtering a million-card fleet
 * by state, carrier and plan becomes a few word-wise ANDs, and iteration comes out in card order,
 * which is the order every listing pages through.
 *
 * The words cover only the span from the lowest member's word to the highest's (`base` is the
 * index of the first word held): a delivery batch's cards sit side by side in the fleet, and with
 * words from position 0 the 500 batch buckets of a million-card fleet took 63 MB for 2 MB of cards.
 */
export class Bitset {
  private words: Uint32Array;
  /** The word index of `words[0]`. */
  private base = 0;
  /** How many members: an empty set may move its span to wherever its next member is. */
  private members = 0;

  constructor(capacityBits = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacityBits / 32)));
  }

  add(i: number): void {
    const w = i >>> 5;
    if (this.members === 0) this.moveEmptySpan(w);
    else if (w < this.base || w >= this.base + this.words.length) this.cover(w);
    const k = w - this.base;
    const before = this.words[k]!;
    // `>>> 0`: the words are unsigned and bit 31 of a JS bitwise result is a sign.
    const after = (before | (1 << (i & 31))) >>> 0;
    if (after !== before) {
      this.words[k] = after;
      this.members++;
    }
  }

  /** Adds the members [from, to): whole words at once (a delivery batch's cards sit side by side). */
  addRange(from: number, to: number): void {
    if (from >= to) return;
    for (; from < to && (from & 31) !== 0; from++) this.add(from);
    for (; to > from && (to & 31) !== 0;) this.add(--to);
    if (from >= to) return;
    const firstWord = from >>> 5;
    const endWord = to >>> 5;
    if (this.members === 0) this.moveEmptySpan(firstWord);
    this.cover(firstWord);
    this.cover(endWord - 1);
    let members = this.members;
    for (let w = firstWord; w < endWord; w++) {
      const k = w - this.base;
      members += 32 - popcount(this.words[k]!);
      this.words[k] = 0xffffffff;
    }
    this.members = members;
  }

  delete(i: number): void {
    const k = (i >>> 5) - this.base;
    if (k < 0 || k >= this.words.length) return;
    const before = this.words[k]!;
    const after = (before & ~(1 << (i & 31))) >>> 0;
    if (after !== before) {
      this.words[k] = after;
      this.members--;
    }
  }

  has(i: number): boolean {
    const w = (i >>> 5) - this.base;
    return w >= 0 && w < this.words.length && (this.words[w]! & (1 << (i & 31))) !== 0;
  }

  /** A new bitset holding the members of both. */
  and(other: Bitset): Bitset {
    const from = Math.max(this.base, other.base);
    const to = Math.min(this.base + this.words.length, other.base + other.words.length);
    const out = new Bitset(Math.max(1, to - from) * 32);
    out.base = Math.max(0, from);
    let members = 0;
    for (let w = from; w < to; w++) {
      const word = this.words[w - this.base]! & other.words[w - other.base]!;
      out.words[w - from] = word;
      members += popcount(word);
    }
    out.members = members;
    return out;
  }

  /** How many members both sets hold (`and(other).count()` without the set). */
  countAnd(other: Bitset): number {
    const from = Math.max(this.base, other.base);
    const to = Math.min(this.base + this.words.length, other.base + other.words.length);
    let members = 0;
    for (let w = from; w < to; w++) members += popcount(this.words[w - this.base]! & other.words[w - other.base]!);
    return members;
  }

  /** Adds every member of `other` to this set, in place. */
  orInPlace(other: Bitset): this {
    const words = other.words;
    let first = 0;
    let last = words.length - 1;
    while (first <= last && words[first] === 0) first++;
    while (last >= first && words[last] === 0) last--;
    if (first > last) return this;
    if (this.members === 0) this.moveEmptySpan(other.base + first);
    this.cover(other.base + first);
    this.cover(other.base + last);
    let members = 0;
    for (let w = 0; w < this.words.length; w++) {
      const k = this.base + w - other.base;
      if (k >= first && k <= last) this.words[w]! |= words[k]!;
      members += popcount(this.words[w]!);
    }
    this.members = members;
    return this;
  }

  count(): number {
    return this.members;
  }

  /**
   * The words themselves (bit `i & 31` of word `(i >>> 5) - firstWord()`), for the few loops over
   * a million members that cannot afford a callback per member. Read only; valid until the set
   * next changes.
   */
  wordArray(): Uint32Array {
    return this.words;
  }

  /** The word index (position >>> 5) of `wordArray()[0]`. */
  firstWord(): number {
    return this.base;
  }

  /** Members in ascending order. */
  *values(): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        yield ((this.base + w) << 5) + (31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** Calls `visit` with each member in ascending order (cheaper than values() on big sets). */
  forEach(visit: (i: number) => void): void {
    const words = this.words;
    const base = this.base;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        visit(((base + w) << 5) + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
  }

  /** Skips `skip` members (word by word, without visiting each) and yields up to `take` after them. */
  slice(skip: number, take: number): number[] {
    const out: number[] = [];
    const words = this.words;
    let w = 0;
    for (; w < words.length; w++) {
      const c = popcount(words[w]!);
      if (skip < c) break;
      skip -= c;
    }
    for (; w < words.length && out.length < take; w++) {
      let word = words[w]!;
      while (word !== 0 && out.length < take) {
        const low = word & -word;
        word ^= low;
        if (skip > 0) skip--;
        else out.push(((this.base + w) << 5) + (31 - Math.clz32(low)));
      }
    }
    return out;
  }

  clone(): Bitset {
    const out = new Bitset(this.words.length * 32);
    out.base = this.base;
    out.members = this.members;
    out.words.set(this.words);
    return out;
  }

  /** An empty set's span starts at word `w` (its words are all zero, so nothing moves with it). */
  private moveEmptySpan(w: number): void {
    this.base = w;
  }

  /** Widens the span to hold word `w`, growing by doubling (upwards) or to `w` (downwards). */
  private cover(w: number): void {
    const start = this.base;
    const end = this.base + this.words.length;
    if (w >= start && w < end) return;
    // Doubling either way, so members added in either order cost amortised O(1).
    const newStart = w < start ? Math.max(0, Math.min(w, start - this.words.length)) : start;
    const newEnd = w >= end ? Math.max(w + 1, start + 2 * this.words.length) : end;
    const next = new Uint32Array(newEnd - newStart);
    next.set(this.words, start - newStart);
    this.words = next;
    this.base = newStart;
  }
}

/** Members of one 32-bit word. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
