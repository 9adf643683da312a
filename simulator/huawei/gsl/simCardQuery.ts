import type { operations } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { IndexFilter, IndexedField } from '../../../src/fleet/cardIndex.js';
import { customAttributeOf } from '../../../src/fleet/cardStore.js';
import type { CardQuery, UsageCondition } from '../../../src/fleet/fleet.js';
import { LIFECYCLE_STATES } from '../../../src/fleet/lifecycle.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import { flowLeftMbOf, kbBoundsAround, kbBoundsWithin, megabytes } from '../views/flow.js';
import { deviceStatusOf, DOWNTIME_PERIOD_STATES, simKindsWithSimType, statesWithSimStatus } from '../views/status.js';
import { containerIdOf } from '../views/device.js';
import { cardByContainerId } from './containerIds.js';
import { poolKindOf, type PoolKind } from './poolIds.js';
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
    // By position: a filter is given a probe, not the fleet's own object (CardQuery.where).
    where.push((c) => c.seq === card.seq);
  };

  const searchKey = q.main_search_key;
  if (searchKey !== undefined) {
    switch (q.main_search_type) {
      case 1: {
        const card = cardByContainerId(ctx, account.id, searchKey);
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
  if (q.filter_downtime_period)
    restrict(
      'state',
      LIFECYCLE_STATES.filter((s) => !DOWNTIME_PERIOD_STATES.includes(s)),
    );
  if (q.sim_type !== undefined) restrict('simKind', simKindsWithSimType(q.sim_type));
  if (q.tag_id?.length) restrict('tag', tagNamesWithIds(ctx, account.id, q.tag_id));
  if (q.order_id !== undefined) restrict('orderId', [String(q.order_id)]);
  if (q.order_ids?.length) restrict('orderId', q.order_ids.map(String));
  if (q.price_plan_id?.length) {
    // A filter naming a plan that is not in the catalogue is refused, not answered empty.
    const known = new Set(fleet.plans().map((p) => p.id));
    const unknown = q.price_plan_id.find((id) => !known.has(id));
    if (unknown !== undefined) throw new HuaweiError('GSL.00012002');
    restrict('planId', q.price_plan_id);
  }
  if (q.pool_flag !== undefined) {
    const { planIds, founding } = poolFlagFilter(ctx, account, q.pool_flag);
    restrict('planId', planIds);
    if (founding) where.push(founding);
  }
  if (q.msisdn !== undefined) {
    const card = fleet.cardByMsisdn(account.id, q.msisdn);
    if (!card) return undefined;
    pin(card);
  }

  const deviceStatus = q.device_status;
  if (deviceStatus !== undefined) where.push((c) => deviceStatusOf(c) === deviceStatus);
  const attributes = [
    q.customer_attribute1,
    q.customer_attribute2,
    q.customer_attribute3,
    q.customer_attribute4,
    q.customer_attribute5,
    q.customer_attribute6,
  ];
  attributes.forEach((value, i) => {
    if (value !== undefined) where.push((c) => customAttributeOf(c, i) === value);
  });
  const realNamed = q.real_named;
  if (realNamed !== undefined) where.push((c) => (c.realNameStatus === 'certified') === realNamed);
  const usage = usageCondition(q);

  return {
    accountId: account.id,
    indexed,
    ...(usage ? { usage } : {}),
    ...(where.length > 0 ? { where: (card: Card) => where.every((test) => test(card)) } : {}),
    ...(q.sort ? { sort: order(q.sort, q.order ?? 'asc') } : {}),
  };
}

/** pool_flag: 0 not pooled; 1/2 flow pool, 11/12 back pool; the first of each pair is the pool's creating batch. */
const POOL_FLAGS: Record<NonNullable<ListSimCardsQuery['pool_flag']>, { kind: PoolKind | undefined; created?: boolean }> = {
  0: { kind: undefined },
  1: { kind: 'flow', created: true },
  2: { kind: 'flow', created: false },
  11: { kind: 'back', created: true },
  12: { kind: 'back', created: false },
};

/**
 * The plans whose cards carry a pool flag, and for the flags that tell creating from joining, a
 * test of the card's batch: a pool was created by the batch of its first card (the pool's
 * `order_id` in ListSimPools), and every later batch on the plan joined it.
 */
function poolFlagFilter(ctx: EngineContext, account: Account, flag: NonNullable<ListSimCardsQuery['pool_flag']>) {
  const { kind, created } = POOL_FLAGS[flag];
  const plans = ctx.fleet.plans().filter((plan) => poolKindOf(plan) === kind);
  const planIds = plans.map((p) => p.id);
  if (created === undefined) return { planIds, founding: undefined };
  const foundingOrder = new Map<string, number | undefined>();
  for (const plan of plans)
    foundingOrder.set(plan.id, ctx.fleet.query({ accountId: account.id, indexed: { planId: [plan.id] } }, 0, 1).items[0]?.orderId);
  return { planIds, founding: (card: Card) => (foundingOrder.get(card.planId) === card.orderId) === created };
}

/**
 * The flow ranges, on the figures the client is shown (MB, two decimals), from the fleet's usage
 * columns: KB bounds a rounding step wider than the MB ones let the fleet skip most cards without
 * a call, and the exact test decides the rest.
 */
function usageCondition(q: ListSimCardsQuery): UsageCondition | undefined {
  const { min_used_flow: minUsed, max_used_flow: maxUsed, min_left_flow: minLeft, max_left_flow: maxLeft } = q;
  if (minUsed === undefined && maxUsed === undefined && minLeft === undefined && maxLeft === undefined) return undefined;
  const low = (bound: number | undefined) => bound ?? -Infinity;
  const high = (bound: number | undefined) => bound ?? Infinity;
  const [usedLow, usedHigh, leftLow, leftHigh] = [low(minUsed), high(maxUsed), low(minLeft), high(maxLeft)];
  const checksLeft = minLeft !== undefined || maxLeft !== undefined;
  return {
    ...kbBoundsAround(usedLow, usedHigh),
    // Without a flow_left range, only the cards near the used range's edges need the exact check.
    ...(checksLeft ? {} : kbBoundsWithin(usedLow, usedHigh)),
    test: (usedKb, allowanceKb) => {
      const used = megabytes(usedKb);
      if (used < usedLow || used > usedHigh) return false;
      if (!checksLeft) return true;
      const left = flowLeftMbOf(usedKb, allowanceKb);
      return left >= leftLow && left <= leftHigh;
    },
  };
}

/**
 * Orders by the value the client is shown. A card never activated has no act_date and sorts
 * first ascending and last descending, as NULLs do in MySQL (GSL's own order for them is not
 * documented). Flow orders read the fleet's usage columns.
 */
function order(sort: SortField, direction: 'asc' | 'desc'): NonNullable<CardQuery['sort']> {
  const descending = direction === 'desc';
  switch (sort) {
    // Rounding to MB keeps order, so the KB figures order the shown ones.
    case 'flow_used':
      return { byUsage: 'usedKb', descending };
    case 'flow_left':
      return { byUsage: 'leftKb', descending };
    case 'cid':
      return comparator(containerIdOf, descending);
    case 'act_date':
      return comparator((c) => c.activatedAt ?? -Infinity, descending);
    case 'expire_time':
      return comparator((c) => c.expiresAt, descending);
  }
}

function comparator(key: (card: Card) => number | string, descending: boolean): (a: Card, b: Card) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -sign : ka > kb ? sign : 0;
  };
}
