import type { EngineContext } from '../../../src/engine/context.js';
import type { Account } from '../../../src/fleet/model.js';
import { AliyunError } from '../errors.js';

/** The queries that read a card's plans and usage (its "assets"). */
const ASSET_QUERIES: ReadonlySet<string> = new Set(['QueryCardFlowInfo', 'QueryCardHistoryFlowInfo', 'QueryIotCardOfferDtl']);

/**
 * Dyiotapi's checks on validated parameters, before the action: an OwnerId must be the account's
 * uid (isv.RES_OWNER_ID_UNKNOWN); a card whose carrier platform is down fails with
 * isv.SYSTEM_ERROR; a cancelled card has no assets to query (isv.QUERY_ASSETS_ERROR).
 */
export function checkDyiotapiCall(ctx: EngineContext, account: Account, action: string, values: Record<string, unknown>): void {
  const owner = values['OwnerId'];
  if (owner !== undefined && String(owner) !== account.aliyun?.uid) throw new AliyunError('isv.RES_OWNER_ID_UNKNOWN');
  const iccid = values['Iccid'];
  if (typeof iccid !== 'string') return;
  const card = ctx.fleet.cardByIccid(account.id, iccid);
  if (!card) return;
  if (ctx.settings.aliyunCarrierOutages.includes(card.carrier)) throw new AliyunError('isv.SYSTEM_ERROR');
  if (card.state === 'cancelled' && ASSET_QUERIES.has(action)) throw new AliyunError('isv.QUERY_ASSETS_ERROR');
}
