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

export class StopRuleBook {
  private readonly rules = new Map<number, StopRule>();

  set(cardId: number, rule: StopRule): void {
    this.rules.set(cardId, rule);
  }

  get(cardId: number): StopRule | undefined {
    return this.rules.get(cardId);
  }

  toJSON(): Array<{ cardId: number; rule: StopRule }> {
    return [...this.rules].map(([cardId, rule]) => ({ cardId, rule }));
  }

  restore(data: ReadonlyArray<{ cardId: number; rule: StopRule }>): void {
    this.rules.clear();
    for (const { cardId, rule } of data) this.rules.set(cardId, rule);
  }
}
