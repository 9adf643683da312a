import type { EngineContext } from '../../../src/engine/context.js';
import { PlanNotEligible } from '../../../src/fleet/errors.js';
import type { Card } from '../../../src/fleet/model.js';

/**
 * The tariff version of the older generation of cards, bought for the old IoT connection
 * platform: linkcard lists them (its AliFee filter finds them) but refuses to act on them, while
 * Dyiotapi still serves them, so public clients fall back from linkcard to Dyiotapi for them.
 */
export const OLDER_GENERATION_ALI_FEE = 'ali_1';

/**
 * The account's card for a linkcard operation on one card: unknown → InvalidIccid.NotFound; of
 * the older generation → InvalidCardPlan (the refusal's real code is unpublished; docs/fidelity.md).
 */
export function linkcardCard(ctx: EngineContext, accountId: string, iccid: string, operation: string): Card {
  return servedByLinkcard(ctx, ctx.fleet.requireByIccid(accountId, iccid), operation);
}

/** Refuses a card of the older generation (see linkcardCard); passes any other through. */
export function servedByLinkcard(ctx: EngineContext, card: Card, operation: string): Card {
  if (ctx.fleet.plan(card.planId).tariffVersion === OLDER_GENERATION_ALI_FEE) throw new PlanNotEligible(card.iccid, operation);
  return card;
}
