import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { DirectionalGroup } from '../../../src/fleet/directionalGroups.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import type { StopRule } from '../../../src/fleet/stopRules.js';
import { linkcardCardFields } from './linkcardCard.js';
import { KB_PER_MB } from './units.js';

type VsimCardInfo = components['schemas']['VsimCardInfo'];

/** What GetCardDetail shows beyond the card itself: its directional group and its stop rule. */
export interface VsimCardExtras {
  readonly group?: DirectionalGroup;
  readonly stopRule?: StopRule;
}

/** A card as linkcard GetCardDetail `Data.VsimCardInfo`. */
export function vsimCardInfoView(card: Card, plan: Plan, extras: VsimCardExtras = {}): VsimCardInfo {
  const info: VsimCardInfo = linkcardCardFields(card, plan) as VsimCardInfo;
  info.VsimInstanceId = card.id;
  // SMS is open when the plan sells any.
  info.OpenSms = plan.smsQuota > 0;
  if (card.imei !== undefined) info.DeviceImei = card.imei;
  const { group, stopRule } = extras;
  if (group) {
    // The SDK models type this one a string (ListCardInfo's is an integer).
    info.DirectionalGroupId = String(group.id);
    info.DirectionalGroupName = group.name;
  }
  if (stopRule) {
    // SetCardStopRule's FlowLimit is whole MB, so the limit reads back exactly as it was set.
    info.CardLimitStopThreshold = Math.round(stopRule.limitKb / KB_PER_MB);
    info.FlowThresholdUnit = 'MB';
    info.AutoLimitResume = stopRule.autoRestore;
  }
  return info;
}
