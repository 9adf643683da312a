import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { CardNotFound } from '../../../src/fleet/errors.js';
import type { ActionCall } from '../action.js';
import { psimCardsView, vsimCardInfoView } from '../views/vsimCardInfo.js';
import { linkcardCard } from './linkcardCard.js';

type Params = operations['GetCardDetail']['parameters']['query'];
type Data = components['schemas']['GetCardDetailData'];

/**
 * linkcard GetCardDetail. A cancelled card lives apart: it is found only with DestroyCard=true
 * (and, when given, its VsimInstanceId as InstanceId), and DestroyCard=true finds nothing else.
 */
export function getCardDetail({ ctx, account, params }: ActionCall<Params>): Data {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  const wantsCancelled = params.DestroyCard === true;
  if ((card.state === 'cancelled') !== wantsCancelled) throw new CardNotFound(params.Iccid);
  if (wantsCancelled && params.InstanceId !== undefined && params.InstanceId !== String(card.id)) {
    throw new CardNotFound(params.Iccid);
  }
  const extras = { group: ctx.fleet.directionalGroups.groupOf(card.id), stopRule: ctx.fleet.stopRules.get(card.id) };
  const vsim = vsimCardInfoView(card, ctx.fleet.plan(card.planId), extras);
  // The physical SIMs only when asked for ("是否展示子卡的详情信息,默认为否").
  return { VsimCardInfo: vsim, ListPsimCards: params.ShowPsim === true ? psimCardsView(card, vsim) : [] };
}
