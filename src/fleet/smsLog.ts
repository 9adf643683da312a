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

export class SmsLog {
  private readonly records: SmsRecord[] = [];

  add(record: SmsRecord): void {
    this.records.push(record);
  }

  /** An account's messages, newest first. */
  list(accountId: string): SmsRecord[] {
    return this.records.filter((r) => r.accountId === accountId).reverse();
  }

  toJSON(): SmsRecord[] {
    return [...this.records];
  }

  restore(data: readonly SmsRecord[]): void {
    this.records.length = 0;
    this.records.push(...data);
  }
}
