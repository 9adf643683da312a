import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { Account, BillingPeriod, Card, Carrier, Plan, PlanKind } from '../../../src/fleet/model.js';
import { containerIdOf } from './device.js';
import { flowLeftMb, flowUsedMb, megabytes } from './flow.js';
import { gslDateTime } from './simDeviceVO.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type Schemas = components['schemas'];

/** GSL carrier_type of a mainland carrier (physical cards: 1 China Mobile, 2 China Telecom, 3 China Unicom). */
export const CARRIER_TYPE: Record<Carrier, number> = { CMCC: 1, CTCC: 2, CUCC: 3 };
const PERIOD_TYPE: Record<BillingPeriod, Schemas['ProPricePlanVo']['period_type']> = {
  monthly: 20,
  quarterly: 30,
  'half-yearly': 40,
  yearly: 50,
};

const CARRIER_ZH: Record<Carrier, string> = { CMCC: '中国移动', CUCC: '中国联通', CTCC: '中国电信' };
const KIND_ZH: Record<PlanKind, string> = {
  single: '单卡',
  directional: '定向',
  sharedPool: '流量池',
  directionalSharedPool: '定向流量池',
  unifiedPayPool: '后向流量池',
};
const PERIOD_ZH: Record<BillingPeriod, string> = { monthly: '月', quarterly: '季', 'half-yearly': '半年', yearly: '年' };

/**
 * A plan's 描述, written from what the catalogue knows of it (the published examples show none):
 * carrier, kind, allowance per period, e.g. 中国联通物联网卡单卡套餐,每月30MB流量.
 */
export function planDescription(plan: Plan): string {
  const mb = plan.dataKb / 1024;
  const flow = mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024}GB` : `${Math.round(mb * 100) / 100}MB`;
  return `${CARRIER_ZH[plan.carrier]}物联网卡${KIND_ZH[plan.kind]}套餐,每${PERIOD_ZH[plan.period]}${flow}流量`;
}

/** The catalogue's plans are all mainland-China base plans for physical cards, no silent period, not auto-renewed. */
export function toProPricePlanVo(plan: Plan): Schemas['ProPricePlanVo'] {
  return {
    price_plan_id: plan.id,
    price_plan_name: plan.name,
    description: planDescription(plan),
    flow_total: Math.round(plan.dataKb / 1024),
    package_type: 1,
    period: 1,
    period_type: PERIOD_TYPE[plan.period],
    effect_type: 1,
    silent_period_day: 0,
    silent_period_unit: 2,
    auto_renew: false,
    location_desc: '中国',
    location_type: 1,
    sim_type: 3,
    carrier_type: CARRIER_TYPE[plan.carrier],
    price: plan.priceCents,
  };
}

/**
 * A card's one plan instance. Its id is the card's id (a physical card has exactly one instance),
 * which is also SimDeviceVO's sim_price_plan_id. Status: 0 deleted (card cancelled), 1
 * activatable, 2 in use, 3 used up, 5 stopped.
 */
export function planInstanceStatus(card: Card, plan: Plan): number {
  if (card.state === 'cancelled') return 0;
  if (card.state === 'testing' || card.state === 'inactive' || card.state === 'silent') return 1;
  if (card.state !== 'active') return 5;
  return card.usage.dataKb >= allowanceKb(card, plan) ? 3 : 2;
}

export function toSimPricePlanVO(card: Card, account: Account, plan: Plan): Schemas['SimPricePlanVO'] {
  const status = planInstanceStatus(card, plan);
  return {
    id: card.id,
    account_id: account.huawei?.domainId ?? account.id,
    sim_card_id: card.id,
    status,
    price_plan_id: plan.id,
    cid: containerIdOf(card),
    order_id: String(card.orderId),
    create_time: gslDateTime(card.openedAt),
    active_time: gslDateTime(card.activatedAt),
    stop_time: gslDateTime(card.expiresAt),
    flow_total: megabytes(plan.dataKb),
    flow_used: flowUsedMb(card),
    flow_left: flowLeftMb(card, plan),
    using: status === 2 || status === 3 ? '1' : '0',
    price_plan_name: plan.name,
    description: planDescription(plan),
    package_type: 0,
    effect_type: 1,
    silent_period_day: 0,
    silent_period_unit: 2,
    auto_renew: 0,
    location_desc: '中国',
  };
}

export function toSimCardsFlowVO(card: Card, account: Account, plan: Plan): Schemas['SimCardsFlowVO'] {
  return {
    id: card.id,
    account_id: account.huawei?.domainId ?? account.id,
    sim_card_id: card.id,
    price_plan_id: plan.id,
    price_plan_name: plan.name,
    iccid: card.iccid,
    flow_total: megabytes(plan.dataKb),
    flow_used: flowUsedMb(card),
    flow_left: flowLeftMb(card, plan),
  };
}
