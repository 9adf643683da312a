/**
 * Keys in the order they were queued, each with a stamp, for the maps that forget their oldest
 * entries first (the replay guard's nonces, the change log's kept card records).
 *
 * A Map keeps insertion order too, but reading its oldest key (`keys().next()`) or sweeping from
 * its front walks past every entry deleted there since V8 last rebuilt the table, and a map that
 * forgets one entry for each it learns rebuilds it seldom: at a cap of a million nonces each
 * request came to cost ~1 ms, and a guard sweeping expired nonces under a steady 500 requests a
 * second ~100 µs (docs/performance.md, "Maps that forget their oldest"). Here the oldest entry
 * is an array read.
 *
 * Entries are not taken out when their key leaves the map or is queued again: the owner tells a
 * stale entry by its stamp (no longer the key's) and skips it when it reaches the front, and
 * calls `retain` once stale entries outnumber live ones.
 */
export class KeyQueue<K> {
  private keys: K[] = [];
  private stamps: number[] = [];
  private head = 0;

  /** Entries queued, stale ones included. */
  get size(): number {
    return this.keys.length - this.head;
  }

  push(key: K, stamp: number): void {
    this.keys.push(key);
    this.stamps.push(stamp);
  }

  /** The oldest entry's key; only when `size` > 0. */
  firstKey(): K {
    return this.keys[this.head]!;
  }

  /** The oldest entry's stamp; only when `size` > 0. */
  firstStamp(): number {
    return this.stamps[this.head]!;
  }

  /** Drops the oldest entry. */
  shift(): void {
    (this.keys as Array<K | undefined>)[this.head] = undefined;
    this.head++;
    if (this.head === this.keys.length) this.clear();
    // Spent slots are cut off once they are half the arrays: amortised, each entry is copied once.
    else if (this.head >= 1024 && this.head * 2 >= this.keys.length) this.cut();
  }

  /** Keeps only the entries `live` says are, in their order. */
  retain(live: (key: K, stamp: number) => boolean): void {
    const keys: K[] = [];
    const stamps: number[] = [];
    for (let i = this.head; i < this.keys.length; i++) {
      if (!live(this.keys[i]!, this.stamps[i]!)) continue;
      keys.push(this.keys[i]!);
      stamps.push(this.stamps[i]!);
    }
    this.keys = keys;
    this.stamps = stamps;
    this.head = 0;
  }

  clear(): void {
    this.keys = [];
    this.stamps = [];
    this.head = 0;
  }

  private cut(): void {
    this.keys = this.keys.slice(this.head);
    this.stamps = this.stamps.slice(this.head);
    this.head = 0;
  }
}
