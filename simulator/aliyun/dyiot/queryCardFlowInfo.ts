import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { cardFlowInfos } from '../views/cardFlowInfo.js';

type Params = operations['QueryCardFlowInfo']['parameters']['query'];
type Result = Pick<components['schemas']['QueryCardFlowInfoResponse'], 'CardFlowInfos'>;

/**
 * Dyiotapi QueryCardFlowInfo: the card's current resource with this period's usage: its plan, the
 * test package while in the test period, nothing (OK, an empty list) when it has none.
 */
export function queryCardFlowInfo({ ctx, account, params }: ActionCall<Params>): Result {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  return { CardFlowInfos: { CardFlowInfo: cardFlowInfos(card, ctx.fleet.plan(card.planId)) } };
}
