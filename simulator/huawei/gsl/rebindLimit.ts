import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { chinaDay, dayStart, firstDayOfMonth, monthOfDay } from '../../../src/fleet/usage/chinaDays.js';

/** China Telecom allows two rebinds (RegisterImei) per card per calendar month, China time. */
export const CT_REBINDS_PER_MONTH = 2;

/**
 * How many rebinds each China Telecom card has left this month (`imei_bind_remain_times`), from
 * the RegisterImei work orders filed since the month began; undefined for other carriers, which
 * have no such limit. Returns a look-up that counts the orders once, on the first CT card asked
 * about, so a 500-card page costs one pass over the orders.
 */
export function rebindsLeft(ctx: EngineContext): (card: Card) => number | undefined {
  let counts: Map<number, number> | undefined;
  return (card) => {
    if (card.carrier !== 'CTCC') return undefined;
    if (!counts) {
      counts = new Map();
      const since = dayStart(firstDayOfMonth(monthOfDay(chinaDay(ctx.clock.now()))));
      for (const order of ctx.fleet.workOrders.ofOperation('rebind')) {
        if (order.createdAt < since) continue;
        for (const line of order.lines) counts.set(line.cardId, (counts.get(line.cardId) ?? 0) + 1);
      }
    }
    return Math.max(0, CT_REBINDS_PER_MONTH - (counts.get(card.id) ?? 0));
  };
}
