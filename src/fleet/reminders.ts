import { KeyedBookBase } from './keyedBook.js';

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

export class ReminderBook extends KeyedBookBase {
  private readonly reminders = new Map<string, Reminder>();

  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: ReminderRecord): string {
    const { bizType, bizId, kind } = record.reminder;
    return key(record.accountId, bizType, bizId, kind);
  }

  set(accountId: string, reminder: Reminder): void {
    const at = key(accountId, reminder.bizType, reminder.bizId, reminder.kind);
    this.reminders.set(at, reminder);
    this.changes.wrote(at);
  }

  delete(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): boolean {
    const at = key(accountId, bizType, bizId, kind);
    if (!this.reminders.delete(at)) return false;
    this.changes.deleted(at);
    return true;
  }

  get(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): Reminder | undefined {
    return this.reminders.get(key(accountId, bizType, bizId, kind));
  }

  toJSON(): ReminderRecord[] {
    return [...this.reminders].map(([at, reminder]) => record(at, reminder));
  }

  protected recordAt(at: string): ReminderRecord | undefined {
    const reminder = this.reminders.get(at);
    return reminder && record(at, reminder);
  }

  restore(data: ReadonlyArray<ReminderRecord>): void {
    this.reminders.clear();
    for (const { accountId, reminder } of data) this.set(accountId, reminder);
    this.changes.replaced();
  }
}

function key(accountId: string, bizType: string, bizId: string, kind: string): string {
  return [accountId, bizType, bizId, kind].join('\u0000');
}

const record = (at: string, reminder: Reminder): ReminderRecord => ({ accountId: at.slice(0, at.indexOf('\u0000')), reminder });
