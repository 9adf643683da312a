import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { CardNotFound } from '../../../src/fleet/errors.js';
import type { ActionCall } from '../action.js';
import { vsimCardInfoView } from '../views/vsimCardInfo.js';

type Params = operations['GetCardDetail']['parameters']['query'];
type Data = components['schemas']['GetCardDetailData'];

/**
 * linkcard GetCardDetail. A cancelled card lives apart: it is found only with DestroyCard=true
 * (and, when given, its VsimInstanceId as InstanceId), and DestroyCard=true finds nothing else.
 */
export function getCardDetail({ ctx, account, params }: ActionCall<Params>): Data {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  const wantsCancelled = params.DestroyCard === true;
  if ((card.state === 'cancelled') !== wantsCancelled) throw new CardNotFound(params.Iccid);
  if (wantsCancelled && params.InstanceId !== undefined && params.InstanceId !== String(card.id)) {
    throw new CardNotFound(params.Iccid);
  }
  // Multi-network sub-cards are not modelled, so ShowPsim always finds none.
  const extras = { group: ctx.fleet.directionalGroups.groupOf(card.id), stopRule: ctx.fleet.stopRules.get(card.id) };
  return { VsimCardInfo: vsimCardInfoView(card, ctx.fleet.plan(card.planId), extras), ListPsimCards: [] };
}
