import type { components } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { LifecycleState } from '../../../src/fleet/lifecycle.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { chinaCompactTime } from './chinaTime.js';
import { KB_PER_MB, wholeKb } from './units.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type CardFlowInfo = components['schemas']['CardFlowInfo'];

/** Dyiotapi's resource type for a data allowance (the documentation's example, "6700001 means data"). */
export const DATA_RESOURCE_TYPE = '6700001';

/**
 * The test-period package's name, as the page prints it: "物联网-测试期套餐仅在api可以查询,控制台仅在转为正式套餐后展现剩余流量"
 * (the test package can only be queried through the API until the card moves to its formal package).
 */
export const TEST_PACKAGE_NAME = '物联网-测试期套餐';
/** The test package's allowance: the page gives none; 30 MB is ours (docs/fidelity.md). */
export const TEST_PACKAGE_KB = 30 * KB_PER_MB;

/** States in the test period: the test package is the card's resource. */
const IN_TEST: ReadonlySet<LifecycleState> = new Set(['testing', 'stoppedByRebindInTest']);
/**
 * States with no current resource: the test period is over and the formal package has not
 * started (inactive, silent), or it has run out (shut down at expiry). QueryCardFlowInfo answers
 * them OK with an empty list.
 */
const NO_RESOURCE: ReadonlySet<LifecycleState> = new Set(['inactive', 'silent', 'shutDown']);

/** A card's current resources as Dyiotapi's `CardFlowInfo` items: the test package, the plan, or none. */
export function cardFlowInfos(card: Card, plan: Plan): CardFlowInfo[] {
  if (NO_RESOURCE.has(card.state)) return [];
  return [IN_TEST.has(card.state) ? testPackageView(card) : cardFlowInfoView(card, plan)];
}

/**
 * A card's plan as one Dyiotapi `CardFlowInfo`: data in KB, voice in minutes. The validity runs
 * from first activation (opening, if never activated) to the card's expiry, as in the
 * documentation's example, where ValidDate equals QueryCardInfo's FirstActiveTime.
 */
export function cardFlowInfoView(card: Card, plan: Plan): CardFlowInfo {
  const total = wholeKb(allowanceKb(card, plan));
  const used = wholeKb(card.usage.dataKb);
  return {
    ResName: plan.name,
    ResourceType: DATA_RESOURCE_TYPE,
    FlowResource: total,
    FlowUsed: used,
    RestOfFlow: Math.max(0, total - used),
    VoiceTotal: plan.voiceQuotaMin,
    VoiceUsed: card.usage.voiceMin,
    SmsUsed: card.usage.sms,
    ValidDate: chinaCompactTime(card.activatedAt ?? card.openedAt),
    ExpireDate: chinaCompactTime(card.expiresAt),
  };
}

/**
 * The test package of a card in its test period: valid from opening to the end of the test
 * period. Test traffic is not modelled (docs/fidelity.md), so nothing of it is used.
 */
function testPackageView(card: Card): CardFlowInfo {
  return {
    ResName: TEST_PACKAGE_NAME,
    ResourceType: DATA_RESOURCE_TYPE,
    FlowResource: TEST_PACKAGE_KB,
    FlowUsed: 0,
    RestOfFlow: TEST_PACKAGE_KB,
    VoiceTotal: 0,
    VoiceUsed: 0,
    SmsUsed: 0,
    ValidDate: chinaCompactTime(card.openedAt),
    ExpireDate: chinaCompactTime(card.stateEndsAt ?? card.expiresAt),
  };
}
