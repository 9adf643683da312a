import type { components, operations } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { RawJson } from '../../../src/engine/rawJson.js';
import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { SimDeviceVO } from '../views/simDeviceVO.js';
import { JsonBytes, utf8 } from '../views/jsonBytes.js';
import { simDeviceVOJson, writeCachedSimDeviceVO } from '../views/simDeviceVOCache.js';
import type { GslCall, GslParams } from './call.js';
import { cardRef } from './cardRef.js';
import { simPoolIdOf } from './poolIds.js';
import { rebindsLeft } from './rebindLimit.js';
import { simCardQuery } from './simCardQuery.js';

/** The contract's ListSimCardsResponse, the cards written as JSON bytes (views/simDeviceVOWriter.ts). */
type ListSimCardsResponse = Omit<components['schemas']['ListSimCardsResponse'], 'sim_cards'> & {
  sim_cards: RawJson<SimDeviceVO[]>;
};
type ShowSimCardParams = operations['ShowSimCard']['parameters']['path'] & NonNullable<operations['ShowSimCard']['parameters']['query']>;

/** GET /v1/sim-cards: one page of the account's cards; `offset` is the 1-based page number. */
export function ListSimCards({ ctx, account, params }: GslCall<GslParams<'ListSimCards'>>): ListSimCardsResponse {
  const limit = params.limit;
  const page = params.offset;
  const query = simCardQuery(ctx, account, params);
  const result = query ? ctx.fleet.query(query, (page - 1) * limit, limit) : { total: 0, items: [] };
  const remaining = rebindsLeft(ctx);
  // The cards straight into bytes (cached fragments by reference): no view object per card, no
  // page-sized string to encode (docs/performance.md, "Round 6").
  // Nothing made per card but what the card's bytes need (the walk sees 500 new cards a page).
  const out = new JsonBytes();
  const fleet = ctx.fleet;
  const poolOf = (plan: Plan) => simPoolIdOf(ctx.digests, account.id, plan);
  out.mark(0x5b, OPEN);
  const items = result.items;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.mark(0x2c, COMMA);
    const card = items[i]!;
    const network = fleet.networkControls.networkOf(card);
    writeCachedSimDeviceVO(out, card, account, fleet.plan(card.planId), network, remaining(card) ?? null, poolOf);
  }
  out.mark(0x5d, CLOSE);
  return { limit, offset: page, count: result.total, sim_cards: RawJson.fromChunks(out.finish()) };
}

const OPEN = utf8('[');
const COMMA = utf8(',');
const CLOSE = utf8(']');

/** GET /v1/sim-cards/{sim_card_id}: one card; id 0 means "look it up by the iccid parameter". */
export function ShowSimCard({ ctx, account, params }: GslCall<ShowSimCardParams>): RawJson<SimDeviceVO> {
  const card = cardRef(ctx, account, params.sim_card_id, params.iccid);
  return simDeviceVOJson(card, account, ...inputs(ctx, account, card, rebindsLeft(ctx)));
}

/** What SimDeviceVO shows of a card besides the card: its plan, network controls, rebinds left and pool. */
function inputs(ctx: EngineContext, account: Account, card: Card, remaining: (card: Card) => number | undefined) {
  const plan = ctx.fleet.plan(card.planId);
  return [
    plan,
    ctx.fleet.networkControls.networkOf(card),
    remaining(card) ?? null,
    () => simPoolIdOf(ctx.digests, account.id, plan),
  ] as const;
}
