import { KeyedBookBase } from './keyedBook.js';

/**
 * Customer-set stop rules (Alibaba SetCardStopRule): stop a card once its usage this month
 * reaches a limit, and optionally resume it when the next month starts. Kept apart from Card
 * because few cards carry one and no index needs it.
 */
export interface StopRule {
  /** The usage at which the card stops, in KB. */
  readonly limitKb: number;
  /** Resume automatically at the start of the next period. */
  readonly autoRestore: boolean;
  readonly setAt: number;
}

/** A card's rule as the book writes it (toJSON). */
export interface StopRuleRecord {
  cardId: number;
  rule: StopRule;
}

export class StopRuleBook extends KeyedBookBase {
  private readonly rules = new Map<number, StopRule>();

  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: StopRuleRecord): string {
    return String(record.cardId);
  }

  set(cardId: number, rule: StopRule): void {
    this.rules.set(cardId, rule);
    this.changes.wrote(String(cardId));
  }

  get(cardId: number): StopRule | undefined {
    return this.rules.get(cardId);
  }

  toJSON(): StopRuleRecord[] {
    return [...this.rules].map(([cardId, rule]) => ({ cardId, rule }));
  }

  protected recordAt(key: string): StopRuleRecord | undefined {
    const rule = this.rules.get(Number(key));
    return rule && { cardId: Number(key), rule };
  }

  restore(data: ReadonlyArray<StopRuleRecord>): void {
    this.rules.clear();
    for (const { cardId, rule } of data) this.rules.set(cardId, rule);
    this.changes.replaced();
  }
}
