import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { meetsUsage, type Fleet, type Page } from '../../../src/fleet/fleet.js';
import type { Card } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { RawJson } from '../../../src/engine/rawJson.js';
import { cardInfoJson } from '../views/cardInfoCache.js';
import { cardFilter, matchesIndexed, type CardFilter } from './cardFilter.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type Params = operations['ListCardInfo']['parameters']['query'];
/** The contract's ListCardInfoData, each item already serialised (views/cardInfoCache.ts). */
type Data = Omit<components['schemas']['ListCardInfoData'], 'List'> & { List: RawJson<components['schemas']['ListCardInfoData']['List']> };

/**
 * linkcard ListCardInfo: the account's cards matching every filter, in fleet order, one page.
 * A page past the end is empty but still tells the true Total.
 */
export function listCardInfo({ ctx, account, params }: ActionCall<Params>): Data {
  const { PageNo, PageSize } = params;
  const filter = cardFilter(params, ctx.fleet);
  const offset = Math.min((PageNo - 1) * PageSize, Number.MAX_SAFE_INTEGER);
  const page = filter.lookup
    ? lookedUp(ctx.fleet, account.id, filter, offset, PageSize)
    : ctx.fleet.query(
        {
          accountId: account.id,
          indexed: filter.indexed,
          ...(filter.usage ? { usage: filter.usage } : {}),
          ...(filter.where ? { where: filter.where } : {}),
        },
        offset,
        PageSize,
      );
  const List = RawJson.array(
    page.items.map((card) => cardInfoJson(card, ctx.fleet.plan(card.planId), ctx.fleet.directionalGroups.groupOf(card.id))),
  );
  return { List, PageNo, PageSize, PageCount: Math.ceil(page.total / PageSize), Total: page.total };
}

function lookedUp(fleet: Fleet, accountId: string, filter: CardFilter, offset: number, limit: number): Page<Card> {
  const { by, value } = filter.lookup!;
  const card =
    by === 'iccid'
      ? fleet.cardByIccid(accountId, value)
      : by === 'imsi'
        ? fleet.cardByImsi(accountId, value)
        : fleet.cardByMsisdn(accountId, value);
  const matches =
    card !== undefined &&
    matchesIndexed(card, filter.indexed) &&
    (!filter.usage || meetsUsage(filter.usage, card.usage.dataKb, allowanceKb(card, fleet.plan(card.planId)))) &&
    (filter.where?.(card) ?? true);
  if (!matches) return { total: 0, items: [] };
  return { total: 1, items: offset === 0 && limit > 0 ? [card] : [] };
}
