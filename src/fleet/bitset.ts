/**
 * A growable set of small non-negative integers (card positions). Filtering a million-card fleet
 * by state, carrier and plan becomes a few word-wise ANDs, and iteration comes out in card order,
 * which is the order every listing pages through.
 */
export class Bitset {
  private words: Uint32Array;

  constructor(capacityBits = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacityBits / 32)));
  }

  add(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) this.grow(w + 1);
    this.words[w]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    const w = i >>> 5;
    if (w < this.words.length) this.words[w]! &= ~(1 << (i & 31));
  }

  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (i & 31))) !== 0;
  }

  /** A new bitset holding the members of both. */
  and(other: Bitset): Bitset {
    const n = Math.min(this.words.length, other.words.length);
    const out = new Bitset(n * 32);
    for (let w = 0; w < n; w++) out.words[w] = this.words[w]! & other.words[w]!;
    return out;
  }

  /** Adds every member of `other` to this set, in place. */
  orInPlace(other: Bitset): this {
    if (other.words.length > this.words.length) this.grow(other.words.length);
    for (let w = 0; w < other.words.length; w++) this.words[w]! |= other.words[w]!;
    return this;
  }

  count(): number {
    let total = 0;
    for (let w = 0; w < this.words.length; w++) total += popcount(this.words[w]!);
    return total;
  }

  /**
   * The words themselves (bit `i & 31` of word `i >>> 5`), for the few loops over a million members
   * that cannot afford a callback per member. Read only; valid until the set next grows.
   */
  wordArray(): Uint32Array {
    return this.words;
  }

  /** Members in ascending order. */
  *values(): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        yield (w << 5) + (31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** Calls `visit` with each member in ascending order (cheaper than values() on big sets). */
  forEach(visit: (i: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + (31 - Math.clz32(low)));
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
        else out.push((w << 5) + (31 - Math.clz32(low)));
      }
    }
    return out;
  }

  clone(): Bitset {
    const out = new Bitset(this.words.length * 32);
    out.words.set(this.words);
    return out;
  }

  private grow(minWords: number): void {
    const next = new Uint32Array(Math.max(minWords, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
