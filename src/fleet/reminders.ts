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

export class ReminderBook {
  private readonly reminders = new Map<string, Reminder>();

  set(accountId: string, reminder: Reminder): void {
    this.reminders.set(key(accountId, reminder.bizType, reminder.bizId, reminder.kind), reminder);
  }

  delete(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): boolean {
    return this.reminders.delete(key(accountId, bizType, bizId, kind));
  }

  get(accountId: string, bizType: string, bizId: string, kind: Reminder['kind']): Reminder | undefined {
    return this.reminders.get(key(accountId, bizType, bizId, kind));
  }

  toJSON(): Array<{ accountId: string; reminder: Reminder }> {
    return [...this.reminders].map(([k, reminder]) => ({ accountId: k.slice(0, k.indexOf('\u0000')), reminder }));
  }

  restore(data: ReadonlyArray<{ accountId: string; reminder: Reminder }>): void {
    this.reminders.clear();
    for (const { accountId, reminder } of data) this.set(accountId, reminder);
  }
}

function key(accountId: string, bizType: string, bizId: string, kind: string): string {
  return [accountId, bizType, bizId, kind].join('\u0000');
}
