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
  /** Each card's messages, by position in `records`, oldest first: one card's are read without the rest. */
  private readonly byCard = new Map<number, number[]>();
  private replaced = 0;

  add(record: SmsRecord): void {
    const at = this.records.push(record) - 1;
    const mine = this.byCard.get(record.cardId);
    if (mine) mine.push(at);
    else this.byCard.set(record.cardId, [at]);
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

  /**
   * An account's messages, newest first, read as they are asked for (no copy of the log); with
   * `cardId`, only that card's, read from its own list.
   */
  *newestFirst(accountId: string, cardId?: number): IterableIterator<SmsRecord> {
    if (cardId !== undefined) {
      const mine = this.byCard.get(cardId) ?? [];
      for (let i = mine.length - 1; i >= 0; i--) {
        const record = this.records[mine[i]!]!;
        if (record.accountId === accountId) yield record;
      }
      return;
    }
    for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i]!.accountId === accountId) yield this.records[i]!;
  }

  toJSON(): SmsRecord[] {
    return [...this.records];
  }

  restore(data: readonly SmsRecord[]): void {
    this.replaced++;
    this.records.length = 0;
    this.byCard.clear();
    // One by one: `push(...data)` passes every record as an argument, and past ~125,000 messages
    // the call overflowed the stack, so a saved world with that many could not be loaded.
    for (const record of data) this.add(record);
  }
}
