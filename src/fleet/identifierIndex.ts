/**
 * A unique-key index from a card identifier (ICCID, IMSI, MSISDN, card id) to the card's position,
 * as an open-addressing hash table in typed arrays. Four `Map`s of a million entries each took
 * about 3.5 s to fill and ~40 bytes an entry; these tables fill in a fraction of that at ~16 bytes
 * an entry. The key itself is not stored: `keyOf(position)` reads it back from the card.
 */
export class IdentifierIndex<K extends string | number> {
  /** position + 1 of the card in each slot; 0 is empty, -1 a deleted entry. */
  private slots: Int32Array;
  /** The full hash of each slot's key, so most probes compare integers, not cards. */
  private hashes: Int32Array;
  private mask: number;
  /** Slots that are not empty (live entries and deleted ones), which is what probing walks. */
  private used = 0;
  /** The fleet asks `has` then `set` for the same key: hash it once. */
  private lastKey: K | undefined;
  private lastHash = 0;

  constructor(private readonly keyOf: (position: number) => K | undefined) {
    this.slots = new Int32Array(1024);
    this.hashes = new Int32Array(1024);
    this.mask = 1023;
  }

  has(key: K): boolean {
    return this.get(key) >= 0;
  }

  /** The position stored under `key`, or -1. */
  get(key: K): number {
    const h = this.hash(key);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (slot > 0 && this.hashes[i] === h && this.keyOf(slot - 1) === key) return slot - 1;
    }
  }

  /** Stores a key that is not present (the fleet checks for duplicates first). */
  set(key: K, position: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rehash();
    this.place(this.hash(key), position + 1);
    this.used++;
  }

  delete(key: K): void {
    const h = hashOf(key);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return;
      if (slot > 0 && this.hashes[i] === h && this.keyOf(slot - 1) === key) {
        this.slots[i] = -1;
        return;
      }
    }
  }

  private hash(key: K): number {
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastHash = hashOf(key);
    }
    return this.lastHash;
  }

  private place(h: number, slotValue: number): void {
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = slotValue;
    this.hashes[i] = h;
  }

  /** Doubles the table (or just sweeps deleted entries when they are what fills it). */
  private rehash(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    let live = 0;
    for (let i = 0; i < oldSlots.length; i++) if (oldSlots[i]! > 0) live++;
    const size = (live + 1) * 4 > oldSlots.length ? oldSlots.length * 2 : oldSlots.length;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < oldSlots.length; i++) if (oldSlots[i]! > 0) this.place(oldHashes[i]!, oldSlots[i]!);
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
  return h ^ (h >>> 15);
}
