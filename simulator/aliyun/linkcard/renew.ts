import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account } from '../../../src/fleet/model.js';
import type { PlacedOrder } from '../../../src/fleet/orders.js';
import type { WorkOrderStatus } from '../../../src/fleet/workOrders.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';
import { placeRenewal } from '../renewals.js';
import { linkcardCard } from './linkcardCard.js';

type RenewParams = operations['Renew']['parameters']['query'];
type RenewData = components['schemas']['RenewData'];
type ResultParams = operations['GetOperateResult']['parameters']['query'];
type ResultData = components['schemas']['GetOperateResultData'];

/** Renew: BuyNum more periods, asynchronously (see placeRenewal); poll with GetOperateResult. */
export function renew({ ctx, account, params }: ActionCall<RenewParams>): RenewData {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  const order = placeRenewal(ctx, account, card, 'renew', params.BuyNum ?? 1, params.SerialNo);
  return { OrderNo: String(order.id), SerialNo: order.serialNo };
}

const STATUS: Record<WorkOrderStatus, string> = { processing: 'PROCESSING', completed: 'SUCCESS', failed: 'FAILURE' };

/** GetOperateResult: where an asynchronous operation stands, by its SerialNo. */
export function getOperateResult({ ctx, account, params }: ActionCall<ResultParams>): ResultData {
  const order = ctx.fleet.orders.bySerialNo(account.id, params.SerialNo);
  if (!order) throw new AliyunError('InvalidSerialNo.NotFound');
  const status = orderStatus(ctx, account, order);
  const line = ctx.fleet.workOrders.get(account.id, order.workOrderId)?.lines[0];
  return {
    OperateType: order.kind.toUpperCase(),
    Status: STATUS[status],
    Result: status === 'completed',
    ExecuteResult: line?.failReason ?? STATUS[status],
  };
}

/** A placed order's status is its work order's. */
export function orderStatus(ctx: EngineContext, account: Account, order: PlacedOrder): WorkOrderStatus {
  return ctx.fleet.workOrders.get(account.id, order.workOrderId)?.status ?? 'processing';
}
