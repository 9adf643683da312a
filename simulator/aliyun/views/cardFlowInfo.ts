import type { components } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { chinaCompactTime } from './chinaTime.js';
import { wholeKb } from './units.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type CardFlowInfo = components['schemas']['CardFlowInfo'];

/** Dyiotapi's resource type for a data allowance (the documentation's example, "6700001 means data"). */
export const DATA_RESOURCE_TYPE = '6700001';

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
