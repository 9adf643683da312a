/**
 * A unique-key index from a card identifier (ICCID, IMSI, MSISDN, card id) to the card's position,
 * as an open-addressing hash table in typed arrays. Four `Map`s of a million entries each took
 * about 3.5 s to fill and ~40 bytes an entry; these tables fill in a fraction of that at ~16 bytes
 * an entry. The key itself is not stored: `keyOf(position)` reads it back from the card.
 */
export class IdentifierIndex<K extends string | number> {
  /**
   * Pairs [position + 1, full hash] per slot, side by side so a probe touches one cache line
   * (two arrays cost two cache misses a probe at a million entries). Position 0 is an empty
   * slot, -1 a deleted entry; the hash lets most probes compare integers, not cards.
   */
  private table: Int32Array;
  private mask: number;
  /** Slots that are not empty (live entries and deleted ones), which is what probing walks. */
  private used = 0;

  constructor(private readonly keyOf: (position: number) => K | undefined) {
    this.table = new Int32Array(2 * 1024);
    this.mask = 1023;
  }

  has(key: K): boolean {
    return this.get(key) >= 0;
  }

  /** The position stored under `key`, or -1. */
  get(key: K): number {
    const h = hashOf(key);
    const table = this.table;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = table[2 * i]!;
      if (slot === 0) return -1;
      if (slot > 0 && table[2 * i + 1] === h && this.keyOf(slot - 1) === key) return slot - 1;
    }
  }

  /**
   * Stores `key` at `position` unless the key is present already (then returns false and stores
   * nothing): one probe where a `has` and a `set` took two, which at a million cards is a cache
   * miss in a 16 MB table saved per identifier.
   */
  add(key: K, position: number): boolean {
    if ((this.used + 1) * 2 > this.mask + 1) this.rehash();
    const h = hashOf(key);
    const table = this.table;
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const slot = table[2 * i]!;
      if (slot === 0) break;
      if (slot > 0 && table[2 * i + 1] === h && this.keyOf(slot - 1) === key) return false;
    }
    table[2 * i] = position + 1;
    table[2 * i + 1] = h;
    this.used++;
    return true;
  }

  /** Room for `count` entries in all, so filling a known number of cards never rehashes. */
  reserve(count: number): void {
    let size = this.mask + 1;
    while (count * 2 > size) size *= 2;
    if (size > this.mask + 1) this.resize(size);
  }

  delete(key: K): void {
    this.deleteWhere(key, (position) => this.keyOf(position) === key);
  }

  /** Removes the entry of `key` at `position` (an `add` undone before its card was stored). */
  deleteAt(key: K, position: number): void {
    this.deleteWhere(key, (p) => p === position);
  }

  private deleteWhere(key: K, matches: (position: number) => boolean): void {
    const h = hashOf(key);
    const table = this.table;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = table[2 * i]!;
      if (slot === 0) return;
      if (slot > 0 && table[2 * i + 1] === h && matches(slot - 1)) {
        table[2 * i] = -1;
        return;
      }
    }
  }

  private place(h: number, slotValue: number): void {
    const table = this.table;
    let i = h & this.mask;
    while (table[2 * i] !== 0) i = (i + 1) & this.mask;
    table[2 * i] = slotValue;
    table[2 * i + 1] = h;
  }

  /** Doubles the table (or just sweeps deleted entries when they are what fills it). */
  private rehash(): void {
    const old = this.table;
    const slots = old.length / 2;
    let live = 0;
    for (let i = 0; i < slots; i++) if (old[2 * i]! > 0) live++;
    this.resize((live + 1) * 4 > slots ? slots * 2 : slots);
  }

  /** Moves the live entries into a table of `size` slots (deleted ones are dropped). */
  private resize(size: number): void {
    const old = this.table;
    const slots = old.length / 2;
    this.table = new Int32Array(2 * size);
    this.mask = size - 1;
    let live = 0;
    for (let i = 0; i < slots; i++) {
      if (old[2 * i]! > 0) {
        this.place(old[2 * i + 1]!, old[2 * i]!);
        live++;
      }
    }
    this.used = live;
  }
}

/** FNV-1a over the characters, or a mix of both halves of a (safe) integer. */
function hashOf(key: string | number): number {
  let h = 0x811c9dc5;
  if (typeof key === 'string') {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  } else {
    h = Math.imul(h ^ (key | 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(key / 0x100000000), 0x01000193);
  }
  // murmur3's finaliser: FNV leaves consecutive identifiers (a batch's ICCIDs differ in their
  // last digits) in neighbouring low bits, which linear probing turned into long runs.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
