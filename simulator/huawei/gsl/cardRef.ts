import type { EngineContext } from '../../../src/engine/context.js';
import { CardNotFound } from '../../../src/fleet/errors.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';

/**
 * The card an operation names: by `sim_card_id`, or, when that is 0, by the `iccid` the request
 * carries (in the query or the body, depending on the operation).
 */
export function cardRef(ctx: EngineContext, account: Account, simCardId: number, iccid: string | undefined): Card {
  if (simCardId === 0) {
    if (iccid === undefined) throw new HuaweiError('GSL.00010004', { detail: 'iccid is required when sim_card_id is 0' });
    const card = ctx.fleet.cardByIccid(account.id, iccid);
    if (!card) throw new CardNotFound(iccid);
    return card;
  }
  const card = ctx.fleet.cardById(account.id, simCardId);
  if (!card) throw new CardNotFound(String(simCardId));
  return card;
}
