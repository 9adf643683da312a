import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account, Card, Plan, PlanKind } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import { containerIdOf } from '../views/device.js';
import { megabytes } from '../views/flow.js';
import { gslDateTime } from '../views/simDeviceVO.js';
import { simStatusOf } from '../views/status.js';
import type { GslCall, GslParams } from './call.js';
import { BACK_POOL_KINDS, FLOW_POOL_KINDS, gslPoolId } from './poolIds.js';
import { chinaDay, cycleFlowMb, monthOfDay } from './usageHistory.js';

type Schemas = components['schemas'];
type PoolsQuery = GslParams<'ListSimPools'>;
/** The members' paging and filters, shared by flow pools and back pools (their path ids differ). */
type MembersQuery = Omit<GslParams<'ListSimPoolMembers'>, 'sim_pool_id'>;

/** Pools are derived from the fleet (poolIds.ts): the cards of an account on one pool plan form one pool. */
const CYCLES_KEPT = 6;

interface Pool {
  readonly id: number;
  readonly plan: Plan;
  /** How many cards: its members are read from the fleet as asked for, never held. */
  readonly size: number;
}

/**
 * The account's pools, sized from the plan index. Their members were once every card of every
 * pool made into objects at each request: at a million cards ListSimPools took 62 ms, and a page
 * of one pool's members 15 ms (docs/performance.md, "Calls that read every card").
 */
function poolsOf(ctx: EngineContext, account: Account, kinds: readonly PlanKind[]): Pool[] {
  const pools: Pool[] = [];
  for (const plan of ctx.fleet.plans()) {
    if (!kinds.includes(plan.kind)) continue;
    // Counted from the indexes, for the pool plans only (counting every plan cost more than the page).
    const size = ctx.fleet.query({ accountId: account.id, indexed: { planId: [plan.id] } }, 0, 0).total;
    if (size > 0) pools.push({ id: gslPoolId(ctx.digests, account.id, plan.id), plan, size });
  }
  return pools;
}

/** Calls `visit` with each member in fleet order (a card object that may be reused: keep values only). */
function forEachMember(ctx: EngineContext, account: Account, pool: Pool, visit: (card: Card) => void): void {
  ctx.fleet.forEachMatch({ accountId: account.id, indexed: { planId: [pool.plan.id] } }, visit);
}

/** A YYYY-MM billing cycle as a month index, within the six kept; GSL.00011004 otherwise. */
function cycleOf(label: string, current: number): number {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  const month = m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
  if (!(month <= current && month > current - CYCLES_KEPT)) throw new HuaweiError('GSL.00011004');
  return month;
}

function cycleLabel(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** A pool's row for one billing cycle, from one pass over its members. */
function summary(ctx: EngineContext, account: Account, pool: Pool, month: number) {
  let used = 0;
  const orders = new Set<number>();
  let live = 0;
  let activated = 0;
  let effective = Infinity;
  let expired = -Infinity;
  let modified = -Infinity;
  forEachMember(ctx, account, pool, (card) => {
    used += cycleFlowMb(ctx, card, month);
    orders.add(card.orderId);
    if (card.state !== 'cancelled') {
      live++;
      if (card.activatedAt !== undefined) activated++;
    }
    effective = Math.min(effective, card.openedAt);
    expired = Math.max(expired, card.expiresAt);
    // The pool last changed when a member joined it or was activated in it.
    modified = Math.max(modified, card.openedAt, card.activatedAt ?? card.openedAt);
  });
  const orderIds = [...orders];
  return {
    id: pool.id,
    pool_name: `${pool.plan.name} pool`,
    price_plan_name: pool.plan.name,
    price_plan_id: pool.plan.id,
    effective_time: gslDateTime(effective),
    expired_time: gslDateTime(expired),
    billing_cycle: cycleLabel(month),
    flow_used: Math.round(used * 100) / 100,
    quantity: pool.size,
    modify_time: gslDateTime(modified),
    order_id: orderIds[0] ?? null,
    activated_sim_quantity: activated,
    inactive_sim_quantity: live - activated,
    disassembled_sim_quantity: pool.size - live,
    order_ids: orderIds.join(',').slice(0, 400),
    live,
  };
}

/** Paging parameters as the contract fills them (components/parameters Limit and Offset: 10 and 1 by default). */
function page<T>(items: T[], params: { limit: number; offset: number }) {
  const { limit, offset } = params;
  return { limit, offset, count: items.length, slice: items.slice((offset - 1) * limit, offset * limit) };
}

function listed(ctx: EngineContext, account: Account, params: PoolsQuery, kinds: readonly PlanKind[]) {
  const current = monthOfDay(chinaDay(ctx.clock.now()));
  const months = params.all_billing_cycle
    ? Array.from({ length: CYCLES_KEPT }, (_, i) => current - i)
    : [params.billing_cycle === undefined ? current : cycleOf(params.billing_cycle, current)];
  const pools = poolsOf(ctx, account, kinds).filter(
    (p) => params.pool_name === undefined || `${p.plan.name} pool`.includes(params.pool_name),
  );
  return months.flatMap((month) => pools.map((pool) => ({ pool, ...summary(ctx, account, pool, month) })));
}

/** GET /v1/sim-pools: flow pools; every derived pool is in use (status 1). */
export function ListSimPools({ ctx, account, params }: GslCall<PoolsQuery>): Schemas['ListSimPoolsResponse'] {
  const statuses = params.status?.split(',').map(Number);
  const rows = statuses && !statuses.includes(1) ? [] : listed(ctx, account, params, FLOW_POOL_KINDS);
  const { slice, ...envelope } = page(rows, params);
  return {
    ...envelope,
    pools: slice.map(({ pool, live, ...row }) => {
      const total = megabytes(pool.plan.dataKb * live);
      return { ...row, flow_total: total, flow_left: Math.max(0, Math.round((total - row.flow_used) * 100) / 100), status: 1 };
    }),
  };
}

/** GET /v1/back-pools: back pools; every derived pool is in use (pool_status 2). */
export function ListBackPools({ ctx, account, params }: GslCall<PoolsQuery>): Schemas['ListBackPoolsResponse'] {
  const { slice, ...envelope } = page(listed(ctx, account, params, BACK_POOL_KINDS), params);
  // Every derived back pool has been in use (pool_status 2) since it took effect.
  return {
    ...envelope,
    pools: slice.map(({ pool: _, live: __, ...row }) => ({ ...row, pool_status: 2, status_time: row.effective_time })),
  };
}

function members(ctx: EngineContext, account: Account, poolId: number, params: MembersQuery, kinds: readonly PlanKind[], name: string) {
  const pool = poolsOf(ctx, account, kinds).find((p) => p.id === poolId);
  if (!pool) throw new HuaweiError('GSL.00010004', { detail: `${name} ${poolId} does not exist` });
  const current = monthOfDay(chinaDay(ctx.clock.now()));
  const month = cycleOf(params.billing_cycle, current);
  const { limit, offset } = params;
  const cid = params.cid;
  const query = {
    accountId: account.id,
    indexed: { planId: [pool.plan.id] },
    ...(cid !== undefined ? { where: (c: Card) => containerIdOf(c) === cid } : {}),
  };
  // Only the page's cards are made into objects.
  const found = ctx.fleet.query(query, (offset - 1) * limit, limit);
  return {
    envelope: { limit, offset, count: found.total },
    pool,
    rows: found.items.map((card) => ({
      card,
      row: { id: pool.id, cid: containerIdOf(card), sim_price_plan_id: card.id, flow_used: cycleFlowMb(ctx, card, month) },
    })),
  };
}

/** GET /v1/sim-pools/{id}/members: billing_cycle is required (GSL.00011004 when out of range). */
export function ListSimPoolMembers({
  ctx,
  account,
  params,
}: GslCall<GslParams<'ListSimPoolMembers'>>): Schemas['ListSimPoolMembersResponse'] {
  const { envelope, rows } = members(ctx, account, params.sim_pool_id, params, FLOW_POOL_KINDS, 'sim_pool_id');
  return { ...envelope, pool_members: rows.map((r) => r.row) };
}

export function ListBackPoolMembers({
  ctx,
  account,
  params,
}: GslCall<GslParams<'ListBackPoolMembers'>>): Schemas['ListBackPoolMembersResponse'] {
  const { envelope, rows } = members(ctx, account, params.back_pool_id, params, BACK_POOL_KINDS, 'back_pool_id');
  return { ...envelope, pool_members: rows.map((r) => ({ ...r.row, sim_status: simStatusOf(r.card.state) })) };
}
