import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import { toProPricePlanVo, toSimCardsFlowVO, toSimPricePlanVO } from '../views/pricePlan.js';
import type { GslCall, GslParams } from './call.js';
import { cardRef } from './cardRef.js';
import { reachCarrier } from './carrierPlatform.js';

type Schemas = components['schemas'];

/** carrier_type 101 and 102 are the older codes of China Mobile and China Telecom. */
const CARRIER_ALIASES: Record<number, number> = { 101: 1, 102: 2 };

/**
 * GET /v1/price-plans: the fleet's plan catalogue. Every plan is a mainland-China cellular plan,
 * so network_type 2 (NB-IoT), a location other than 1 or any country_type match nothing.
 */
export function ListProPricePlans({ ctx, params }: GslCall<GslParams<'ListProPricePlans'>>): Schemas['ListProPricePlansResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const carrier = params.carrier_type === undefined ? undefined : (CARRIER_ALIASES[params.carrier_type] ?? params.carrier_type);
  const matches = ctx.fleet
    .plans()
    .map(toProPricePlanVo)
    .filter(
      (p) =>
        (params.main_search_key === undefined || p.price_plan_name.includes(params.main_search_key)) &&
        (params.flow_total === undefined || p.flow_total === params.flow_total) &&
        (params.network_type === undefined || params.network_type === 1) &&
        (params.location_type === undefined || params.location_type === 1) &&
        params.country_type === undefined &&
        (carrier === undefined || p.carrier_type === carrier),
    );
  return { limit, offset: page, count: matches.length, price_plans: matches.slice((page - 1) * limit, page * limit) };
}

/** GET /v1/sim-price-plans: the card's one plan instance (a bare array); real_time=true asks the carrier. */
export function ListSimPricePlans({ ctx, account, params }: GslCall<GslParams<'ListSimPricePlans'>>): Schemas['ListSimPricePlansResponse'] {
  const card = cardRef(ctx, account, params.sim_card_id, params.iccid);
  if (params.real_time === true) reachCarrier(ctx, card);
  const page = params.offset;
  return page === 1 ? [toSimPricePlanVO(card, account, ctx.fleet.plan(card.planId))] : [];
}

/** POST /v1/sim-price-plans/usage/batch-query: plan usage by ids or ICCIDs (one or the other, ≤ 50). */
export function ListFlowBySimCards({
  ctx,
  account,
  body,
}: GslCall<undefined, Schemas['ListFlowBySimCardsReq']>): Schemas['ListFlowBySimCardsResponse'] {
  const ids = body.sim_card_ids ?? [];
  const iccids = body.iccids ?? [];
  if (ids.length > 0 && iccids.length > 0)
    throw new HuaweiError('GSL.00010004', { detail: 'iccids and sim_card_ids are mutually exclusive' });
  if (ids.length === 0 && iccids.length === 0) throw new HuaweiError('GSL.00010004', { detail: 'iccids or sim_card_ids is required' });
  const cards: Card[] =
    ids.length > 0
      ? ids.map((id) => cardRef(ctx, account, id, undefined))
      : iccids.map((iccid) => {
          const card = ctx.fleet.cardByIccid(account.id, iccid);
          if (!card) throw new HuaweiError('GSL.00011011', { iccid });
          return card;
        });
  return cards.map((card) => toSimCardsFlowVO(card, account, ctx.fleet.plan(card.planId)));
}
