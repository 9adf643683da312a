import { AccountEntries, accountKey } from './keyedBook.js';

/**
 * Usage reminders a customer configures (Alibaba DoIotSetRemindConfig and
 * DoIotSetAbsoluteRemindConfig): what to watch (BizType, BizId) and the vendor's opaque
 * configuration text. Stored so it can be read back and exported; nothing sends reminders yet.
 */
export interface Reminder {
  readonly bizType: string;
  readonly bizId: string;
  /** 'relative' thresholds (percent of the allowance) or 'absolute' ones. */
  readonly kind: 'relative' | 'absolute';
  readonly config: string;
  readonly updatedAt: number;
}

/** A reminder as the book writes it (toJSON). */
export interface ReminderRecord {
  accountId: string;
  reminder: Reminder;
}

export class ReminderBook extends AccountEntries<Reminder, ReminderRecord> {
  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: ReminderRecord): string {
    const { bizType, bizId, kind } = record.reminder;
    return accountKey(record.accountId, bizType, bizId, kind);
  }

  set(accountId: string, reminder: Reminder): void {
    const at = accountKey(accountId, reminder.bizType, reminder.bizId, reminder.kind);
    this.entries.set(at, reminder);
    this.changes.wrote(at);
  }

  delete(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): boolean {
    const at = accountKey(accountId, bizType, bizId, kind);
    if (!this.entries.delete(at)) return false;
    this.changes.deleted(at);
    return true;
  }

  get(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): Reminder | undefined {
    return this.entries.get(accountKey(accountId, bizType, bizId, kind));
  }

  restore(data: ReadonlyArray<ReminderRecord>): void {
    this.entries.clear();
    for (const { accountId, reminder } of data) this.set(accountId, reminder);
    this.changes.replaced();
  }

  protected recordOf(accountId: string, reminder: Reminder): ReminderRecord {
    return { accountId, reminder };
  }
}
