import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { DirectionalGroup } from '../../../src/fleet/directionalGroups.js';
import type { Card, Plan, RealNameStatus } from '../../../src/fleet/model.js';
import type { StopRule } from '../../../src/fleet/stopRules.js';
import { linkcardCardFields } from './linkcardCard.js';
import { cardIp } from './cardIp.js';
import { KB_PER_MB } from './units.js';

type VsimCardInfo = components['schemas']['VsimCardInfo'];
type PsimCardInfo = components['schemas']['PsimCardInfo'];

/** What GetCardDetail shows beyond the card itself: its directional group and its stop rule. */
export interface VsimCardExtras {
  readonly group?: DirectionalGroup;
  readonly stopRule?: StopRule;
}

/**
 * 实名认证状态 as a code. The documentation's one example is "2"; reading 0/1/2 as not certified,
 * under review and certified (GetRealNameStatus's 未认证/认证中/已认证) is ours.
 */
const CERTIFY_STATUS: Record<RealNameStatus, VsimCardInfo['CertifyStatus']> = { notCertified: '0', approving: '1', certified: '2' };

/** A card as linkcard GetCardDetail `Data.VsimCardInfo`. */
export function vsimCardInfoView(card: Card, plan: Plan, extras: VsimCardExtras = {}): VsimCardInfo {
  const info = linkcardCardFields(card, plan) as VsimCardInfo;
  info.VsimInstanceId = card.id;
  // SMS is open when the plan sells any.
  info.OpenSms = plan.smsQuota > 0;
  info.CertifyStatus = CERTIFY_STATUS[card.realNameStatus];
  info.Ip = [cardIp(card)];
  // No card resumes from a rebind stop by itself (RebindResumeSingleCard resumes it).
  info.AutoRebindReuse = false;
  // Speed limits and pool-wide thresholds are not modelled: 0, none set.
  info.CardLimitSpeedThreshold = 0;
  info.CredentialLimitSpeedThreshold = 0;
  info.CredentialLimitStopThreshold = 0;
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

/**
 * GetCardDetail `ListPsimCards` with ShowPsim=true: the physical SIMs under the card. A physical
 * card has one, itself (multi-network cards with several are not modelled); an eSIM or vSIM has
 * none. The figures are the card's own, as the SIM carries all its traffic.
 */
export function psimCardsView(card: Card, vsim: VsimCardInfo): PsimCardInfo[] {
  if (card.simKind !== 'physical') return [];
  const psim: PsimCardInfo = {
    ApnName: vsim.ApnName!,
    CertifyStatus: vsim.CertifyStatus,
    Iccid: card.iccid,
    Imsi: [card.imsi],
    Ip: vsim.Ip,
    Msisdn: [card.msisdn],
    OpenSms: vsim.OpenSms!,
    OsStatus: vsim.OsStatus,
    PeriodAddFlow: vsim.PeriodAddFlow,
    PeriodSmsUse: vsim.PeriodSmsUse,
    PrivateNetworkSegment: card.privateNetwork ?? '',
    Status: vsim.Status,
    Vendor: vsim.Vendor,
  };
  return [psim];
}
