import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { daysOfMonth } from '../../../src/fleet/usage/chinaDays.js';
import { megabytes } from '../views/flow.js';

/**
 * GSL's usage history in its units (MB, two decimals), read from the fleet's one usage model
 * (src/fleet/usage): the same days Alibaba's APIs show in KB. GSL's calendar is China's.
 */
export { chinaDay, dayLabel, daysOfMonth, monthLabel, monthOfDay, parseDayLabel } from '../../../src/fleet/usage/chinaDays.js';

/** MB a card used on one past day (today and later: nothing yet). */
export function dailyFlowMb(ctx: EngineContext, card: Card, day: number): number {
  return megabytes(ctx.fleet.usage.day(card, day).kb);
}

/** MB a card used in a billing cycle (month index); a monthly plan's current cycle is its period figure. */
export function cycleFlowMb(ctx: EngineContext, card: Card, month: number): number {
  if (month !== cycle.month) cycle = { month, ...daysOfMonth(month) };
  return megabytes(ctx.fleet.usage.monthKb(card, cycle.first, cycle.last));
}

/** The last cycle's days: a pool's row sums its every member's cycle, all of one month. */
let cycle = { month: Number.NaN, first: 0, last: 0 };
