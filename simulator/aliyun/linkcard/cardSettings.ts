import type { operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { PlanNotEligible } from '../../../src/fleet/errors.js';
import type { PlanKind } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { KB_PER_MB } from '../views/units.js';
import { linkcardCard } from './linkcardCard.js';

type ForceParams = operations['ForceActivation']['parameters']['query'];
type StopRuleParams = operations['SetCardStopRule']['parameters']['query'];
type AutoRechargeParams = operations['UpdateAutoRechargeSwitch']['parameters']['query'];
type VerifyParams = operations['VerifyIotCard']['parameters']['query'];

/** ForceActivation's DateType names the same-tier pool plan the card must be on. */
const FORCE_ACTIVATION_PLAN: Record<ForceParams['DateType'], PlanKind> = {
  sameflowcard: 'sharedPool',
  directional_sameflowcard: 'directionalSharedPool',
};

/** Stop rules exist for pool plans only (aliyun-api.md §1.5, SetCardStopRule). */
const POOL_PLANS: ReadonlySet<PlanKind> = new Set(['sharedPool', 'directionalSharedPool', 'unifiedPayPool']);

/** ForceActivation: a not-yet-active card on the named pool plan becomes active, growing the pool. */
export function forceActivation({ ctx, account, params }: ActionCall<ForceParams>): boolean {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  if (ctx.fleet.plan(card.planId).kind !== FORCE_ACTIVATION_PLAN[params.DateType]) {
    throw new PlanNotEligible(card.iccid, 'forced activation');
  }
  ctx.fleet.transition(card, 'activate', ctx.clock.now());
  return true;
}

/**
 * SetCardStopRule: records the limit; a card in use that is already past it stops now, as the
 * carrier's next usage check would, and the usage model stops it the day it reaches the limit
 * (resuming it at the next period when AutoRestore). Only pool plans take rules.
 */
export function setCardStopRule({ ctx, account, params }: ActionCall<StopRuleParams>): boolean {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  if (!POOL_PLANS.has(ctx.fleet.plan(card.planId).kind)) throw new PlanNotEligible(card.iccid, 'a stop rule');
  if (params.FlowLimit === undefined) return true;
  const limitKb = params.FlowLimit * KB_PER_MB;
  ctx.fleet.stopRules.set(card.id, { limitKb, autoRestore: params.AutoRestore ?? true, setAt: ctx.clock.now() });
  ctx.fleet.usage.stopIfPastLimit(card, ctx.clock.now());
  return true;
}

/** UpdateAutoRechargeSwitch: the card's automatic renewal, shown as IsAutoRecharge. */
export function updateAutoRechargeSwitch({ ctx, account, params }: ActionCall<AutoRechargeParams>): boolean {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  ctx.fleet.updateCard(card, (c) => {
    c.autoRecharge = params.Open;
  });
  return true;
}

/** VerifyIotCard: true when the card is the caller's and not cancelled; an unknown ICCID fails. */
export function verifyIotCard({ ctx, account, params }: ActionCall<VerifyParams>): boolean {
  return linkcardCard(ctx, account.id, params.Iccid, 'linkcard').state !== 'cancelled';
}
