import { IdentifierIndex } from './identifierIndex.js';
import type { IdentifierKey } from './identifierKeys.js';

/**
 * A unique-key look-up of card identifiers (keys as identifierKeys.ts makes them) that stores
 * runs instead of entries where it can. Generated cards come in delivery batches whose ICCIDs,
 * IMSIs and MSISDNs count up card by card, and card ids rise through the whole fleet: consecutive
 * positions with rising keys are kept as one run (first key, last key, first position, length),
 * and a key is found by a binary search of the runs, then of the run's positions in the key
 * column itself. A million cards make a few hundred runs (kilobytes) where four hash tables of
 * 16 MB each were filled a random write at a time, a second of building a million-card fleet.
 * What joins no run (pinned and added cards, keys kept as text) goes to a hash table.
 *
 * Runs never overlap in keys, so a key is in at most one; a card removed from a run stays in it,
 * found and then refused as dead (`isLive`), and a later card with its key goes to the table.
 */
export class IdentifierLookup {
  private readonly table: IdentifierIndex<IdentifierKey>;
  // The runs, sorted by first key, as parallel arrays.
  private readonly firstKeys: number[] = [];
  private readonly lastKeys: number[] = [];
  private readonly firstPositions: number[] = [];
  private readonly lengths: number[] = [];
  /** The run the last card joined (its index in the arrays), or -1. */
  private open = -1;
  /** The last card put in the table with a number key: with the next one, it may start a run. */
  private pendingKey = Number.NaN;
  private pendingPosition = -1;

  /**
   * `keyAt` reads a position's number key (NaN when kept as text) whether or not its card is
   * still live; `keyOf` gives a live card's key, undefined for a removed one. `maxStep` is the
   * largest rise from one card's key to the next's that continues a run: two unrelated cards
   * (pinned ones, say) would otherwise make a run spanning a vast range of keys, and no other
   * run could start inside it.
   */
  constructor(
    private readonly keyAt: (position: number) => number,
    keyOf: (position: number) => IdentifierKey | undefined,
    private readonly maxStep: number,
  ) {
    this.table = new IdentifierIndex<IdentifierKey>(keyOf);
    this.isLive = (position) => keyOf(position) !== undefined;
  }

  private readonly isLive: (position: number) => boolean;

  /** The position of the live card with `key`, or -1. */
  get(key: IdentifierKey): number {
    if (typeof key === 'number') {
      const position = this.inRuns(key);
      if (position >= 0 && this.isLive(position)) return position;
    }
    return this.table.get(key);
  }

  /** Stores `key` at `position` (the next position of the fleet) unless a live card has it already. */
  add(key: IdentifierKey, position: number): boolean {
    const open = this.open;
    if (
      typeof key === 'number' &&
      open >= 0 &&
      this.firstPositions[open]! + this.lengths[open]! === position &&
      key > this.lastKeys[open]! &&
      key - this.lastKeys[open]! <= this.maxStep &&
      (open + 1 === this.firstKeys.length || key < this.firstKeys[open + 1]!)
    ) {
      // The next card of the open run (a batch's next ICCID): runs never overlap, so a key between
      // this run's last and the next run's first is in no run; only the table may hold it.
      if (this.table.get(key) >= 0) return false;
      this.lastKeys[open] = key;
      this.lengths[open]!++;
      return true;
    }
    if (this.get(key) >= 0) return false;
    if (typeof key !== 'number') {
      this.pendingPosition = -1;
      return this.table.add(key, position);
    }
    if (
      this.pendingPosition >= 0 &&
      this.pendingPosition === position - 1 &&
      key > this.pendingKey &&
      key - this.pendingKey <= this.maxStep
    ) {
      const before = this.runAtOrBelow(key);
      if (before < 0 || this.lastKeys[before]! < this.pendingKey) {
        // The card before and this one start a run; the first leaves the table for it.
        this.table.deleteAt(this.pendingKey, this.pendingPosition);
        const at = before + 1;
        this.firstKeys.splice(at, 0, this.pendingKey);
        this.lastKeys.splice(at, 0, key);
        this.firstPositions.splice(at, 0, this.pendingPosition);
        this.lengths.splice(at, 0, 2);
        this.open = at;
        this.pendingPosition = -1;
        return true;
      }
    }
    this.open = -1;
    this.pendingKey = key;
    this.pendingPosition = position;
    return this.table.add(key, position);
  }

  /** Forgets a live card's key (its card is being removed). */
  delete(key: IdentifierKey): void {
    // A run keeps a removed card's position: the fleet no longer has it, so it is never found.
    this.table.delete(key);
  }

  /** Undoes the `add` of `key` at `position`, the last one made (a later identifier was a duplicate). */
  deleteAt(key: IdentifierKey, position: number): void {
    const open = this.open;
    if (
      typeof key === 'number' &&
      open >= 0 &&
      this.lastKeys[open] === key &&
      this.firstPositions[open]! + this.lengths[open]! - 1 === position
    ) {
      this.lengths[open]!--;
      this.lastKeys[open] = this.keyAt(position - 1);
      // A run of one is still a run; the next card may extend it as before.
      return;
    }
    if (this.pendingPosition === position) this.pendingPosition = -1;
    this.table.deleteAt(key, position);
  }

  /** The index of the last run whose first key is at most `key`, or -1. */
  private runAtOrBelow(key: number): number {
    const firstKeys = this.firstKeys;
    let lo = 0;
    let hi = firstKeys.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (firstKeys[mid]! <= key) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The position in a run holding `key` (live or not), or -1. */
  private inRuns(key: number): number {
    const run = this.runAtOrBelow(key);
    if (run < 0 || key > this.lastKeys[run]!) return -1;
    let lo = this.firstPositions[run]!;
    let hi = lo + this.lengths[run]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.keyAt(mid);
      if (at === key) return mid;
      if (at < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
