import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { cardFlowInfoView } from '../views/cardFlowInfo.js';

type Params = operations['QueryCardFlowInfo']['parameters']['query'];
type Result = Pick<components['schemas']['QueryCardFlowInfoResponse'], 'CardFlowInfos'>;

/** Dyiotapi QueryCardFlowInfo: the card's plan with this period's usage (one item per plan). */
export function queryCardFlowInfo({ ctx, account, params }: ActionCall<Params>): Result {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  return { CardFlowInfos: { CardFlowInfo: [cardFlowInfoView(card, ctx.fleet.plan(card.planId))] } };
}
