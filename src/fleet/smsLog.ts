import type { AppendOnlyBook } from './appendOnlyBook.js';

/**
 * Short messages sent to cards through a vendor API. Only what was sent is kept: whether and when
 * it was delivered is the vendor view's reading of the card at send time.
 */
export interface SmsRecord {
  readonly accountId: string;
  readonly cardId: number;
  readonly content: string;
  readonly sentAt: number;
  /** Whether the carrier could deliver it (the card can receive SMS), fixed at send time. */
  readonly deliverable: boolean;
}

/**
 * Records are only ever added at the end (AppendOnlyBook): the state file's change log writes the
 * ones added since its last line, not the whole log again.
 */
export class SmsLog implements AppendOnlyBook {
  private readonly records: SmsRecord[] = [];
  private replaced = 0;

  add(record: SmsRecord): void {
    this.records.push(record);
  }

  get epoch(): number {
    return this.replaced;
  }

  get length(): number {
    return this.records.length;
  }

  /** The records from position `from` on (the log's own values: serialise them at once). */
  appendedSince(from: number): SmsRecord[] {
    return this.records.slice(from);
  }

  /** An account's messages, newest first. */
  list(accountId: string): SmsRecord[] {
    return [...this.newestFirst(accountId)];
  }

  /** An account's messages, newest first, read as they are asked for (no copy of the log). */
  *newestFirst(accountId: string): IterableIterator<SmsRecord> {
    for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i]!.accountId === accountId) yield this.records[i]!;
  }

  toJSON(): SmsRecord[] {
    return [...this.records];
  }

  restore(data: readonly SmsRecord[]): void {
    this.replaced++;
    this.records.length = 0;
    // One by one: `push(...data)` passes every record as an argument, and past ~125,000 messages
    // the call overflowed the stack, so a saved world with that many could not be loaded.
    for (const record of data) this.records.push(record);
  }
}
