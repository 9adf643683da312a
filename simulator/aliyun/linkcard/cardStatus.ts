import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Card, RealNameStatus } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';
import { linkcardCard, servedByLinkcard } from './linkcardCard.js';

type RealStatusParams = NonNullable<operations['GetCardRealStatus']['parameters']['query']>;
type RealStatusData = components['schemas']['GetCardRealStatusData'];
type RealNameParams = operations['GetRealNameStatus']['parameters']['query'];
type RealNameData = components['schemas']['GetRealNameStatusData'];

/**
 * GetCardRealStatus: whether the card is online and has a data session. The simulator knows
 * the answer at once, so every query comes back SUCCESS (never PROCESSING); a SerialNo given to
 * poll is echoed. A card is online, with GPRS, exactly when it is in use.
 */
export function getCardRealStatus({ ctx, account, params }: ActionCall<RealStatusParams>): RealStatusData {
  const card = servedByLinkcard(ctx, cardOf(ctx.fleet, account.id, params), 'linkcard');
  const online = card.state === 'active';
  return [{ SerialNo: params.SerialNo?.[0] ?? `RS${card.id}`, Iccid: card.iccid, Gprs: online, Online: online, Status: 'SUCCESS' }];
}

function cardOf(fleet: ActionCall<unknown>['ctx']['fleet'], accountId: string, params: RealStatusParams): Card {
  if (params.Iccid !== undefined) return fleet.requireByIccid(accountId, params.Iccid);
  if (params.Msisdn === undefined) throw new AliyunError('MissingParameter', { name: 'Iccid' });
  const card = fleet.cardByMsisdn(accountId, params.Msisdn);
  // The Iccid error is the one linkcard has for an unknown card, whichever key found it.
  if (!card) throw new AliyunError('InvalidIccid.NotFound');
  return card;
}

const REAL_NAME: Record<RealNameStatus, RealNameData> = {
  notCertified: { RealNameStatus: 'NOT_CERTIFIED', Desc: '未认证' },
  approving: { RealNameStatus: 'APPROVING', Desc: '认证中' },
  certified: { RealNameStatus: 'CERTIFIED', Desc: '已认证' },
};

/** GetRealNameStatus: the card's real-name registration, in linkcard's words. */
export function getRealNameStatus({ ctx, account, params }: ActionCall<RealNameParams>): RealNameData {
  return { ...REAL_NAME[linkcardCard(ctx, account.id, params.Iccid, 'linkcard').realNameStatus] };
}
