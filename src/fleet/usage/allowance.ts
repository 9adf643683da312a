import type { Card, Plan } from '../model.js';

/** The period's data allowance in KB: the plan's, plus whatever renewals added this period. */
export function allowanceKb(card: Card, plan: Plan): number {
  return plan.dataKb + (card.usage.topUpKb ?? 0);
}
