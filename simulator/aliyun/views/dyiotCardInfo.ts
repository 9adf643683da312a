import type { components } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { chinaCompactTime } from './chinaTime.js';

type CardInfo = NonNullable<components['schemas']['QueryCardInfoResponse']['CardInfo']>;

/** The carrier's switch words, as the documentation shows them (`GprsStatus "开"`). */
const ON = '开';
const OFF = '关';

/**
 * A card as Dyiotapi's CardInfo (QueryCardInfo, and each item of QueryCardsInfo). Data is on
 * exactly when the card is in use; SMS is listed only when the plan sells it, voice only when it
 * has minutes (a service not opened is absent, as the documentation says).
 */
export function dyiotCardInfoView(card: Card, plan: Plan): CardInfo {
  const info: CardInfo = {
    Iccid: card.iccid,
    Imsi: card.imsi,
    Msisdn: card.msisdn,
    OpenTime: chinaCompactTime(card.openedAt),
    GprsStatus: card.state === 'active' ? ON : OFF,
  };
  if (card.activatedAt !== undefined) info.FirstActiveTime = chinaCompactTime(card.activatedAt);
  if (plan.smsQuota > 0) info.SmsStatus = card.state === 'active' ? ON : OFF;
  if (plan.voiceQuotaMin > 0) info.VoiceStatus = card.state === 'active' ? ON : OFF;
  return info;
}
