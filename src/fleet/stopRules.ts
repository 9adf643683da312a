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

  /**
   * @param settingRule called before a rule is set, with the card and the rule's `setAt`: the
   * fleet sums the card's days up to then under the rule they had and saves them (see
   * Fleet.stopRuleSetting), since the usage keeper sums each day under the rule the card has when
   * it sums it, and a restart sums again every day since the card was last saved.
   */
  constructor(private readonly settingRule: (cardId: number, at: number) => void = () => {}) {
    super();
  }

  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: StopRuleRecord): string {
    return String(record.cardId);
  }

  /** Sets a card's rule, in force from its `setAt` on: the days before keep the rule they had. */
  set(cardId: number, rule: StopRule): void {
    this.settingRule(cardId, rule.setAt);
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

  /**
   * Replaces the book at once, as a saved state gives it (applyFleetDelta, before the fleet's first
   * settle): nothing is summed or marked, the cards' figures being the ones saved with it.
   */
  restore(data: ReadonlyArray<StopRuleRecord>): void {
    this.rules.clear();
    for (const { cardId, rule } of data) this.rules.set(cardId, rule);
    this.changes.replaced();
  }
}
