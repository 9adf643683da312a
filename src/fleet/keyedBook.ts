/**
 * A book of entries under keys, set and deleted one at a time, or replaced all at once (a
 * restore): the per-card network controls and stop rules, the registered devices, the reminders.
 * The state file's change log writes the entries changed since its last line (docs/reliability.md,
 * log format 6) rather than comparing and writing the whole book at every commit, which with
 * network controls on 100,000 cards cost ~100 ms a commit and a 7 MB line for each change
 * (docs/performance.md, "Books kept by key").
 */
export interface KeyedBook {
  /** Moves when the book is replaced all at once: the changes drained since are not all there is. */
  readonly epoch: number;
  /** Starts (again) remembering which entries change, from now. */
  trackChanges(): void;
  /** The entries changed since the last drain (or `trackChanges`), as the log writes them. */
  drainChanged(): KeyedChanges;
  toJSON(): unknown;
}

/**
 * What changed in a keyed book: `removed`, the keys of entries deleted (some may be set again
 * since, and are in `set` too); `set`, the entries that are there now and changed, as `toJSON`
 * writes them, new ones in the order they were added. Replayed by deleting `removed`, then
 * setting each of `set` in place, or at the end for an entry not there: the book's own order.
 */
export interface KeyedChanges {
  removed: string[];
  set: unknown[];
}

/**
 * The changed keys of a KeyedBook, kept so that the replay keeps the book's order: an entry
 * deleted leaves the changed set, so that set again it is appended after the entries added
 * meanwhile, as the book's map appends it.
 */
export class ChangedKeys {
  private epochValue = 0;
  private changed: Set<string> | undefined;
  private removed: Set<string> | undefined;

  get epoch(): number {
    return this.epochValue;
  }

  track(): void {
    this.changed = new Set();
    this.removed = new Set();
  }

  /** The entry under `key` was set (added or changed). */
  wrote(key: string): void {
    this.changed?.add(key);
  }

  /** The entry under `key` was deleted. */
  deleted(key: string): void {
    if (!this.changed) return;
    this.changed.delete(key);
    this.removed!.add(key);
  }

  /** Everything was replaced: what was changed before is in the whole book the log will write. */
  replaced(): void {
    this.epochValue++;
    this.changed?.clear();
    this.removed?.clear();
  }

  /** The changes since the last drain; `entry` gives the record under a key, or undefined when none is. */
  drain(entry: (key: string) => unknown): KeyedChanges {
    const out: KeyedChanges = { removed: [], set: [] };
    if (!this.changed) return out;
    for (const key of this.removed!) out.removed.push(key);
    for (const key of this.changed) {
      const record = entry(key);
      // Set and deleted since: the deletion is in `removed`.
      if (record !== undefined) out.set.push(record);
    }
    this.changed.clear();
    this.removed!.clear();
    return out;
  }
}

/**
 * A KeyedBook's bookkeeping: a book extends it, calls `changes.wrote` and `changes.deleted` as it
 * sets and deletes, `changes.replaced` when restored, and says what record a key holds.
 */
export abstract class KeyedBookBase implements KeyedBook {
  protected readonly changes = new ChangedKeys();

  get epoch(): number {
    return this.changes.epoch;
  }

  trackChanges(): void {
    this.changes.track();
  }

  drainChanged(): KeyedChanges {
    return this.changes.drain((key) => this.recordAt(key));
  }

  /** The record under `key`, as `toJSON` writes it, or undefined when there is none. */
  protected abstract recordAt(key: string): unknown;

  abstract toJSON(): unknown;
}

/**
 * A keyed book of accounts' entries: each kept under a key that starts with its account's id and a
 * NUL (`accountKey`), and written as the record `recordOf` makes of the account and the entry.
 */
export abstract class AccountEntries<V, R> extends KeyedBookBase {
  protected readonly entries = new Map<string, V>();

  protected abstract recordOf(accountId: string, entry: V): R;

  toJSON(): R[] {
    return [...this.entries].map(([at, entry]) => this.recordOf(accountOf(at), entry));
  }

  protected recordAt(at: string): R | undefined {
    const entry = this.entries.get(at);
    return entry === undefined ? undefined : this.recordOf(accountOf(at), entry);
  }
}

/** An account's entry's key: the account's id and the entry's own parts, NUL-separated. */
export function accountKey(accountId: string, ...parts: string[]): string {
  return [accountId, ...parts].join('\u0000');
}

const accountOf = (at: string): string => at.slice(0, at.indexOf('\u0000'));
