import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { placeRenewal } from '../renewals.js';

type Params = operations['DoIotRecharge']['parameters']['query'];
type Result = Pick<components['schemas']['DoIotRechargeResponse'], 'IotRecharge'>;

/**
 * DoIotRecharge (2020 SDK only): OrderNum more periods of the card's plan, asynchronously, like
 * linkcard Renew; OutId is the caller's idempotency key. OrderResult is the order's state now.
 */
export function doIotRecharge({ ctx, account, params }: ActionCall<Params>): Result {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  const order = placeRenewal(ctx, account, card, 'recharge', params.OrderNum ?? 1, params.OutId);
  const status = ctx.fleet.workOrders.get(account.id, order.workOrderId)?.status ?? 'processing';
  return { IotRecharge: { OrderNo: String(order.id), DoneCode: String(order.workOrderId), OrderResult: status.toUpperCase() } };
}
