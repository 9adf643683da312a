import type { EngineContext } from '../../src/engine/context.js';
import type { Account, Card } from '../../src/fleet/model.js';
import type { PlacedOrder, PlacedOrderKind } from '../../src/fleet/orders.js';
import { AliyunError } from './errors.js';
import { addPeriods } from './views/period.js';

/**
 * Places an order for `quantity` more periods of the card's plan (linkcard Renew, Dyiotapi
 * DoIotRecharge): answered at once, carried out by a work order that extends the expiry after
 * settings.aliyunOperationDurationMs. A serial number seen before returns the first order, so a
 * retried call never renews twice. A cancelled card cannot be renewed.
 */
export function placeRenewal(
  ctx: EngineContext,
  account: Account,
  card: Card,
  kind: PlacedOrderKind,
  quantity: number,
  serialNo: string | undefined,
): PlacedOrder {
  if (serialNo !== undefined) {
    const earlier = ctx.fleet.orders.bySerialNo(account.id, serialNo);
    if (earlier) return earlier;
  }
  if (card.state === 'cancelled') throw new AliyunError('InvalidCardStatus');
  const plan = ctx.fleet.plan(card.planId);
  const now = ctx.clock.now();
  // Renewal runs from the current expiry, or from now for a card already past it.
  const expiresAt = addPeriods(Math.max(card.expiresAt, now), plan.period, quantity);
  const workOrder = ctx.fleet.workOrders.create({
    accountId: account.id,
    operation: kind,
    effect: { kind: 'set', fields: { expiresAt } },
    cardIds: [card.id],
    createdAt: now,
    durationMs: ctx.settings.aliyunOperationDurationMs,
  });
  return ctx.fleet.orders.place({
    accountId: account.id,
    kind,
    cardId: card.id,
    planId: plan.id,
    quantity,
    serialNo: serialNo ?? `RN${workOrder.id}`,
    workOrderId: workOrder.id,
    createdAt: now,
  });
}
