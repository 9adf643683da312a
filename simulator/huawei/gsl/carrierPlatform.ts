import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';

/**
 * What GSL cannot answer from its own records goes to the card's carrier: work orders and
 * real-time queries. When that carrier's platform is down (settings.huaweiCarrierOutages),
 * GSL answers "system busy" (GSL.00010003), the documented 500 of these operations.
 */
export function reachCarrier(ctx: EngineContext, card: Card): void {
  if (ctx.settings.huaweiCarrierOutages.includes(card.carrier)) {
    throw new HuaweiError('GSL.00010003', { detail: `the ${card.carrier} platform is down (settings.huaweiCarrierOutages)` });
  }
}
