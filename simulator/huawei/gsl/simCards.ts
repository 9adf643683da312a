import type { components, operations } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { toSimDeviceVO, type SimDeviceVO } from '../views/simDeviceVO.js';
import type { GslCall, GslParams } from './call.js';
import { cardRef } from './cardRef.js';
import { simPoolIdOf } from './poolIds.js';
import { rebindsLeft } from './rebindLimit.js';
import { simCardQuery } from './simCardQuery.js';

type ListSimCardsResponse = components['schemas']['ListSimCardsResponse'];
type ShowSimCardParams = operations['ShowSimCard']['parameters']['path'] &
  NonNullable<operations['ShowSimCard']['parameters']['query']>;

/** GET /v1/sim-cards: one page of the account's cards; `offset` is the 1-based page number. */
export function ListSimCards({ ctx, account, params }: GslCall<GslParams<'ListSimCards'>>): ListSimCardsResponse {
  const limit = params.limit;
  const page = params.offset;
  const query = simCardQuery(ctx, account, params);
  const result = query ? ctx.fleet.query(query, (page - 1) * limit, limit) : { total: 0, items: [] };
  const remaining = rebindsLeft(ctx);
  return {
    limit,
    offset: page,
    count: result.total,
    sim_cards: result.items.map((card) => show(ctx, account, card, remaining)),
  };
}

/** GET /v1/sim-cards/{sim_card_id}: one card; id 0 means "look it up by the iccid parameter". */
export function ShowSimCard({ ctx, account, params }: GslCall<ShowSimCardParams>): SimDeviceVO {
  return show(ctx, account, cardRef(ctx, account, params.sim_card_id, params.iccid), rebindsLeft(ctx));
}

function show(ctx: EngineContext, account: Account, card: Card, remaining: (card: Card) => number | undefined): SimDeviceVO {
  const plan = ctx.fleet.plan(card.planId);
  return toSimDeviceVO(card, account, plan, ctx.fleet.networkControls.networkOf(card), remaining(card) ?? null, simPoolIdOf(ctx.digests, account.id, plan));
}
