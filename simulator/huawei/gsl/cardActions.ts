import type { components, operations } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { isoDateTime } from '../../../src/engine/isoTime.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import type { WorkOrderEffect } from '../../../src/fleet/workOrders.js';
import { HuaweiError } from '../errors.js';
import { toRealNamedResponse } from '../views/realNamed.js';
import type { GslCall } from './call.js';
import { cardRef } from './cardRef.js';
import { reachCarrier } from './carrierPlatform.js';
import { CT_REBINDS_PER_MONTH, rebindsLeft } from './rebindLimit.js';
import { speedAllowed } from './speedRates.js';
import { GSL_ORDER_TYPE, GSL_TYPE_KEY, type GslCardOperation, type GslOperation } from './workOrderTypes.js';

type Schemas = components['schemas'];
type WorkOrderIdResponse = Schemas['WorkOrderIdResponse'];
type CardPath = { sim_card_id: number };
type CardQuery = CardPath & { iccid?: string };

/** GSL refuses the same operation on the same card again within this window of the simulated clock. */
const REPEAT_WINDOW_MS = 5 * 60 * 1000;

/** POST /v1/sim-cards/{id}/stop: suspends an active card when the order completes. */
export function StopSimCard(call: GslCall<CardPath, Schemas['DownUpTimeForSimCardReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  return order(call, card, 'stop', { kind: 'transition', event: 'stop' });
}

/** POST /v1/sim-cards/{id}/reset: resumes a stopped card; refused while a stop is unfinished. */
export function ResetSimCard(call: GslCall<CardPath, Schemas['DownUpTimeForSimCardReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  const [stop] = call.ctx.fleet.workOrders.pendingFor(card.id, 'stop');
  if (stop) throw new HuaweiError('GSL.00016010', { detail: `stop work order ${stop.id} of this card is unfinished` });
  return order(call, card, 'resume', { kind: 'transition', event: 'resume' });
}

/** POST /v1/sim-cards/{id}/enable: activates the card; refused while an activation is unfinished. */
export function EnableSimCard(call: GslCall<operations['EnableSimCard']['parameters']['path'] & CardQuery>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.params.iccid);
  const [activation] = call.ctx.fleet.workOrders.pendingFor(card.id, 'activate');
  if (activation) throw new HuaweiError('GSL.00016015', { detail: `activation work order ${activation.id} of this card is unfinished` });
  return order(call, card, 'activate', { kind: 'transition', event: 'activate' });
}

/** GET /v1/sim-cards/{id}/real-named: the holder's registration, asked of the carrier in real time (no order). */
export function ShowRealNamed({ ctx, account, params }: GslCall<CardQuery>): Schemas['ShowRealNamedResponse'] {
  const card = cardRef(ctx, account, params.sim_card_id, params.iccid);
  reachCarrier(ctx, card);
  return toRealNamedResponse(card);
}

/** POST /v1/sim-cards/{id}/clear-real-name: China Telecom cards only; clears the registration. */
export function DeleteRealName(call: GslCall<CardQuery>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.params.iccid);
  if (card.carrier !== 'CTCC')
    throw new HuaweiError('GSL.00010004', { detail: 'clear-real-name is supported for China Telecom cards only' });
  return order(call, card, 'clearRealName', { kind: 'set', fields: { realNameStatus: 'notCertified' } });
}

/** POST /v1/sim-cards/{id}/cut-net: ADD cuts the network, DEL restores it. */
export function StartStopNet(call: GslCall<CardPath, Schemas['CutNetReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  const cut = call.body.action === 'ADD';
  return order(call, card, cut ? 'cutNet' : 'restoreNet', { kind: 'networkControls', change: { cutNet: cut } });
}

/**
 * POST /v1/sim-cards/{id}/exceed-cut-net: sets (1) or cancels (2) the usage threshold. The card
 * shows `cut_net_flag` as soon as its usage is past the threshold, from the order's completion on.
 */
export function SetExceedCutNet(call: GslCall<CardPath, Schemas['ExceedCutNetReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  if (call.body.action === 2) return order(call, card, 'cancelQuota', { kind: 'networkControls', change: { quotaMb: undefined } });
  if (call.body.quota === undefined) throw new HuaweiError('GSL.00010004', { detail: 'quota is required when action is 1' });
  return order(call, card, 'setQuota', { kind: 'networkControls', change: { quotaMb: Number(call.body.quota) } });
}

/**
 * POST /v1/sim-cards/{id}/bind-device: bind_type 1 rebinds to the device in use (a card locked
 * by a rebind is released), 2 binds to the given IMEI. China Mobile supports only type 1.
 */
export function RegisterImei(call: GslCall<CardPath, Schemas['RegisterImeiReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  const { bind_type: bindType, imei } = call.body;
  if (rebindsLeft(call.ctx)(card) === 0) {
    throw new HuaweiError('GSL.00010004', { detail: `China Telecom cards can be rebound at most ${CT_REBINDS_PER_MONTH} times a month` });
  }
  if (bindType === 2) {
    if (card.carrier === 'CMCC') throw new HuaweiError('GSL.00010004', { detail: 'bind_type 2 is not supported for China Mobile cards' });
    if (imei === undefined) throw new HuaweiError('GSL.00010004', { detail: 'imei is required when bind_type is 2' });
    return order(call, card, 'rebind', { kind: 'set', fields: { imei } });
  }
  const locked = card.state === 'stoppedByRebind' || card.state === 'stoppedByRebindInTest';
  return order(call, card, 'rebind', locked ? { kind: 'transition', event: 'rebindResume' } : { kind: 'none' });
}

/** POST /v1/sim-cards/{id}/speed-limit: one of the carrier's allowed rates, or -1 to lift it. */
export function SetSpeedValue(call: GslCall<CardPath, Schemas['SetSpeedValueReq']>): WorkOrderIdResponse {
  const card = cardRef(call.ctx, call.account, call.params.sim_card_id, call.body.iccid);
  const kbps = call.body.speed_value;
  if (!speedAllowed(card.carrier, kbps)) throw new HuaweiError('GSL.00011016');
  return order(call, card, 'speedLimit', { kind: 'networkControls', change: { speedKbps: kbps === -1 ? undefined : kbps } });
}

/**
 * Files the work order that carries an operation out, after GSL's "not again within 5 minutes"
 * rule. Whether the card's state allows the operation is the carrier's business: an order on a
 * card in the wrong state is accepted and fails when it completes, as a carrier-side refusal does.
 */
function order(
  call: { ctx: EngineContext; account: Account; body: unknown },
  card: Card,
  operation: GslCardOperation,
  effect: WorkOrderEffect,
): WorkOrderIdResponse {
  return fileGslWorkOrder(call, card, operation, effect);
}

/** The same for any GSL operation, with its work_order_type (GSL_ORDER_TYPE). */
export function fileGslWorkOrder(
  call: { ctx: EngineContext; account: Account; body: unknown },
  card: Card,
  operation: GslOperation,
  effect: WorkOrderEffect,
): WorkOrderIdResponse {
  const { ctx, account } = call;
  reachCarrier(ctx, card);
  const now = ctx.clock.now();
  const latest = ctx.fleet.workOrders.latestFor(card.id, operation);
  if (latest && now - latest.createdAt < REPEAT_WINDOW_MS) {
    const again = isoDateTime(latest.createdAt + REPEAT_WINDOW_MS);
    throw new HuaweiError('GSL.00016016', {
      detail: `${operation} work order ${latest.id} of this card was filed at ${isoDateTime(latest.createdAt)}; again from ${again}`,
    });
  }
  const created = ctx.fleet.workOrders.create({
    accountId: account.id,
    operation,
    effect,
    cardIds: [card.id],
    details: { [GSL_TYPE_KEY]: GSL_ORDER_TYPE[operation], request: call.body ?? null },
    createdAt: now,
    durationMs: ctx.settings.huaweiWorkOrderDurationMs,
  });
  return { work_order_id: created.id };
}
