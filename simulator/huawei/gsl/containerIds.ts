import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { cardIdInContainerId, containerIdOf } from '../views/device.js';

/**
 * The account's card with this container id (`cid`): the ICCID of a physical card, the EID of an
 * eSIM card, the CID of a vSIM card (views/device.ts). An eSIM or vSIM card is not found by its
 * ICCID here, as GSL's container-id searches name it by its EID or CID.
 */
export function cardByContainerId(ctx: EngineContext, accountId: string, cid: string): Card | undefined {
  const embedded = cardIdInContainerId(cid);
  const card = embedded ? ctx.fleet.cardById(accountId, embedded.id) : ctx.fleet.cardByIccid(accountId, cid);
  return card && containerIdOf(card) === cid ? card : undefined;
}
