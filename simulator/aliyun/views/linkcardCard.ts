import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { chinaDateTime } from './chinaTime.js';
import { credentialFields } from './credential.js';
import { aliyunPlanFields } from './plan.js';
import { aliyunStatus } from './status.js';
import { tagList } from './tags.js';
import { flowText } from './units.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type CardInfo = components['schemas']['CardInfo'];
type VsimCardInfo = components['schemas']['VsimCardInfo'];

/** The fields ListCardInfo items and GetCardDetail's VsimCardInfo share. */
type GroupFields = 'DirectionalGroupId' | 'DirectionalGroupName';
export type LinkcardCardFields = Omit<CardInfo, 'FlowLatestModifiedTime' | 'NetworkType' | 'Remark' | 'VsimInstanceId' | GroupFields> &
  Omit<
    VsimCardInfo,
    | 'DeviceImei'
    | 'OpenSms'
    | 'VsimInstanceId'
    | GroupFields
    | 'AutoLimitResume'
    | 'CardLimitStopThreshold'
    | 'FlowThresholdUnit'
    | DetailOnlyFields
  >;
/** What GetCardDetail shows and ListCardInfo does not (views/vsimCardInfo.ts). */
type DetailOnlyFields =
  'CertifyStatus' | 'Ip' | 'AutoRebindReuse' | 'CardLimitSpeedThreshold' | 'CredentialLimitSpeedThreshold' | 'CredentialLimitStopThreshold';

/**
 * Every card is an enterprise card: the fleet models business customers only, and `enterprise`
 * is the one CertifyType value the documentation lists.
 */
export const CERTIFY_TYPE = 'enterprise';

export function linkcardCardFields(card: Card, plan: Plan): LinkcardCardFields {
  const { Status, OsStatus } = aliyunStatus(card.state);
  const planFields = aliyunPlanFields(plan);
  const fields: LinkcardCardFields = {
    Iccid: card.iccid,
    Imsi: [card.imsi],
    Msisdn: [card.msisdn],
    Vendor: card.carrier,
    Status,
    OsStatus,
    SimType: card.formFactor,
    ApnName: card.apn,
    CertifyType: CERTIFY_TYPE,
    AliyunOrderId: String(card.orderId),
    AliFee: planFields.AliFee,
    CredentialNo: planFields.CredentialNo,
    DataLevel: planFields.DataLevel,
    DataType: planFields.DataType,
    Period: planFields.Period,
    IsAutoRecharge: card.autoRecharge,
    OpenAccountTime: chinaDateTime(card.openedAt),
    ExpireTime: chinaDateTime(card.expiresAt),
    PeriodAddFlow: flowText(card.usage.dataKb),
    PeriodRestFlow: flowText(Math.max(0, allowanceKb(card, plan) - card.usage.dataKb)),
    PeriodSmsUse: String(card.usage.sms),
    TagList: tagList(card.tags),
    ...credentialFields(card, plan),
  };
  if (card.activatedAt !== undefined) fields.ActiveTime = chinaDateTime(card.activatedAt);
  if (card.privateNetwork !== undefined) fields.PrivateNetworkSegment = card.privateNetwork;
  return fields;
}
