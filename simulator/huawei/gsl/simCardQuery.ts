import type { operations } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IndexFilter, IndexedField } from '../../../src/fleet/cardIndex.js';
import type { CardQuery } from '../../../src/fleet/fleet.js';
import { LIFECYCLE_STATES } from '../../../src/fleet/lifecycle.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { flowLeftMb, flowUsedMb } from '../views/flow.js';
import { deviceStatusOf, DOWNTIME_PERIOD_STATES, simKindsWithSimType, statesWithSimStatus } from '../views/status.js';
import { tagNamesWithIds } from './tagIds.js';

export type ListSimCardsQuery = NonNullable<operations['ListSimCards']['parameters']['query']>;
type SortField = NonNullable<ListSimCardsQuery['sort']>;

/**
 * ListSimCards' filters as a fleet query: equality filters through the indexes, ranges and
 * unindexed fields card by card. Returns undefined when no card can match (an ICCID or MSISDN
 * the account lacks).
 */
export function simCardQuery(ctx: EngineContext, account: Account, q: ListSimCardsQuery): CardQuery | undefined {
  const fleet = ctx.fleet;
  const indexed: IndexFilter = {};
  const where: Array<(card: Card) => boolean> = [];

  // Several filters may name the same field (order_id, order_ids, a batch search): all must hold.
  const restrict = (field: IndexedField, values: readonly string[]) => {
    const before = indexed[field];
    indexed[field] = before ? before.filter((v) => values.includes(v)) : values;
  };
  // A card found by a unique key: its batch narrows the indexes, so no full scan follows.
  const pin = (card: Card) => {
    restrict('orderId', [String(card.orderId)]);
    where.push((c) => c === card);
  };

  const searchKey = q.main_search_key;
  if (searchKey !== undefined) {
    switch (q.main_search_type) {
      case 1: {
        const card = fleet.cardByIccid(account.id, searchKey);
        if (!card) return undefined;
        pin(card);
        break;
      }
      case 2:
        restrict('orderId', [/^\d+$/.test(searchKey) ? String(Number(searchKey)) : searchKey]);
        break;
      case 3:
        where.push((c) => c.imei === searchKey);
        break;
    }
  }
  if (q.sim_status !== undefined) restrict('state', statesWithSimStatus(q.sim_status));
  if (q.filter_downtime_period) restrict('state', LIFECYCLE_STATES.filter((s) => !DOWNTIME_PERIOD_STATES.includes(s)));
  if (q.sim_type !== undefined) restrict('simKind', simKindsWithSimType(q.sim_type));
  if (q.tag_id?.length) restrict('tag', tagNamesWithIds(ctx, account.id, q.tag_id));
  if (q.order_id !== undefined) restrict('orderId', [String(q.order_id)]);
  if (q.order_ids?.length) restrict('orderId', q.order_ids.map(String));
  if (q.price_plan_id?.length) restrict('planId', q.price_plan_id);
  if (q.msisdn !== undefined) {
    const card = fleet.cardByMsisdn(account.id, q.msisdn);
    if (!card) return undefined;
    pin(card);
  }

  const deviceStatus = q.device_status;
  if (deviceStatus !== undefined) where.push((c) => deviceStatusOf(c) === deviceStatus);
  const attributes = [q.customer_attribute1, q.customer_attribute2, q.customer_attribute3, q.customer_attribute4, q.customer_attribute5, q.customer_attribute6];
  attributes.forEach((value, i) => {
    if (value !== undefined) where.push((c) => c.customAttributes[i] === value);
  });
  const realNamed = q.real_named;
  if (realNamed !== undefined) where.push((c) => (c.realNameStatus === 'certified') === realNamed);
  const { min_used_flow: minUsed, max_used_flow: maxUsed, min_left_flow: minLeft, max_left_flow: maxLeft } = q;
  if (minUsed !== undefined) where.push((c) => flowUsedMb(c) >= minUsed);
  if (maxUsed !== undefined) where.push((c) => flowUsedMb(c) <= maxUsed);
  if (minLeft !== undefined) where.push((c) => flowLeftMb(c, fleet.plan(c.planId)) >= minLeft);
  if (maxLeft !== undefined) where.push((c) => flowLeftMb(c, fleet.plan(c.planId)) <= maxLeft);

  return {
    accountId: account.id,
    indexed,
    ...(where.length > 0 ? { where: (card: Card) => where.every((test) => test(card)) } : {}),
    ...(q.sort ? { sort: comparator(ctx, q.sort, q.order ?? 'asc') } : {}),
  };
}

/**
 * Orders by the value the client is shown. A card never activated has no act_date and sorts
 * first ascending and last descending, as NULLs do in MySQL (GSL's own order for them is not
 * documented).
 */
function comparator(ctx: EngineContext, sort: SortField, order: 'asc' | 'desc'): (a: Card, b: Card) => number {
  const keys: Record<SortField, (card: Card) => number | string> = {
    cid: (c) => c.iccid,
    flow_used: (c) => flowUsedMb(c),
    flow_left: (c) => flowLeftMb(c, ctx.fleet.plan(c.planId)),
    act_date: (c) => c.activatedAt ?? -Infinity,
    expire_time: (c) => c.expiresAt,
  };
  const key = keys[sort];
  const sign = order === 'desc' ? -1 : 1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -sign : ka > kb ? sign : 0;
  };
}
