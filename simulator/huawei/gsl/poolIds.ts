import type { Digests } from '../../../src/crypto/digests.js';
import type { Plan, PlanKind } from '../../../src/fleet/model.js';

/**
 * GSL's two kinds of pool, derived from the fleet's plans: shared-pool plans (same tier,
 * directional) make its flow pools (前向流量池); unified-pay pool plans make its back pools
 * (后向流量池, paid by the enterprise). The cards of an account on one pool plan form one pool.
 */
export const FLOW_POOL_KINDS: readonly PlanKind[] = ['sharedPool', 'directionalSharedPool'];
export const BACK_POOL_KINDS: readonly PlanKind[] = ['unifiedPayPool'];

export type PoolKind = 'flow' | 'back';

/** Which kind of pool a plan's cards form, or undefined for a plan whose cards share nothing. */
export function poolKindOf(plan: Plan): PoolKind | undefined {
  if (FLOW_POOL_KINDS.includes(plan.kind)) return 'flow';
  if (BACK_POOL_KINDS.includes(plan.kind)) return 'back';
  return undefined;
}

/** A pool's id: a 52-bit Long derived from (account, plan), so it is stable across restarts. */
export function gslPoolId(digests: Digests, accountId: string, planId: string): number {
  // Remembered: every pooled card of a page asks, and a SHA-256 a card was a twentieth of a 500-card page.
  let ids = poolIds.get(digests);
  if (!ids) poolIds.set(digests, (ids = new Map()));
  const key = `${accountId}\n${planId}`;
  let id = ids.get(key);
  if (id === undefined) {
    if (ids.size >= 4096) ids.clear();
    id = parseInt(digests.sha256Hex(`gsl-pool\n${key}`).slice(0, 13), 16) || 1;
    ids.set(key, id);
  }
  return id;
}

const poolIds = new WeakMap<Digests, Map<string, number>>();

/** SimDeviceVO.sim_pool_id: the pool the card's plan puts it in (flow or back), null for others. */
export function simPoolIdOf(digests: Digests, accountId: string, plan: Plan): number | null {
  return poolKindOf(plan) === undefined ? null : gslPoolId(digests, accountId, plan.id);
}
