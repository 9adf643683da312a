import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { linkcardCardFields } from './linkcardCard.js';

type VsimCardInfo = components['schemas']['VsimCardInfo'];

/** A card as linkcard GetCardDetail `Data.VsimCardInfo`. */
export function vsimCardInfoView(card: Card, plan: Plan): VsimCardInfo {
  const info: VsimCardInfo = linkcardCardFields(card, plan) as VsimCardInfo;
  info.VsimInstanceId = card.id;
  // SMS is open when the plan sells any.
  info.OpenSms = plan.smsQuota > 0;
  if (card.imei !== undefined) info.DeviceImei = card.imei;
  return info;
}
