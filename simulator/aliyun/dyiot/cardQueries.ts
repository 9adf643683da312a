import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { RealNameStatus } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { chinaCompactTime } from '../views/chinaTime.js';
import { dyiotCardInfoView } from '../views/dyiotCardInfo.js';
import { aliyunStatus } from '../views/status.js';

type Schemas = components['schemas'];
type IccidParams = operations['QueryCardInfo']['parameters']['query'];

/** QueryCardInfo: the card's identities, dates and service switches. */
export function queryCardInfo({ ctx, account, params }: ActionCall<IccidParams>): Pick<Schemas['QueryCardInfoResponse'], 'CardInfo'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  return { CardInfo: dyiotCardInfoView(card, ctx.fleet.plan(card.planId)) };
}

/**
 * QueryCardsInfo: the same as a bare list (the one unwrapped list in Dyiotapi). The fleet models
 * single-network cards only, so it holds one item.
 */
export function queryCardsInfo({ ctx, account, params }: ActionCall<IccidParams>): Pick<Schemas['QueryCardsInfoResponse'], 'CardsInfo'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  return { CardsInfo: [dyiotCardInfoView(card, ctx.fleet.plan(card.planId))] };
}

/** QueryCardStatus: UserStatus is linkcard's detailed OsStatus code (docs/fidelity.md). */
export function queryCardStatus({ ctx, account, params }: ActionCall<IccidParams>): Pick<Schemas['QueryCardStatusResponse'], 'CardStatus'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  return { CardStatus: { Iccid: card.iccid, Msisdn: card.msisdn, UserStatus: aliyunStatus(card.state).OsStatus } };
}

/** QueryIotCardOfferDtl: the card's one plan as an offer, wrapped as the SDK models it (`detail`). */
export function queryIotCardOfferDtl({
  ctx,
  account,
  params,
}: ActionCall<IccidParams>): Pick<Schemas['QueryIotCardOfferDtlResponse'], 'CardOfferDetail'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  const plan = ctx.fleet.plan(card.planId);
  return {
    CardOfferDetail: {
      detail: [
        {
          OfferId: plan.tariffCode,
          OfferName: plan.name,
          OrderTime: chinaCompactTime(card.openedAt),
          EffectiveTime: chinaCompactTime(card.activatedAt ?? card.openedAt),
          ExpireTime: chinaCompactTime(card.expiresAt),
        },
      ],
    },
  };
}

const REAL_NAME_WORDS: Record<RealNameStatus, string> = {
  notCertified: '未实名',
  approving: '实名审核中',
  certified: '已实名',
};

/** QueryPersonalInfo: Module is the holder's real-name registration status, in words. */
export function queryPersonalInfo({ ctx, account, params }: ActionCall<IccidParams>): Pick<Schemas['QueryPersonalInfoResponse'], 'Module'> {
  return { Module: REAL_NAME_WORDS[ctx.fleet.requireByIccid(account.id, params.Iccid).realNameStatus] };
}
