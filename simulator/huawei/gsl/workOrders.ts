import type { components } from '../../../contracts/generated/huawei-gsl.js';
import { HuaweiError } from '../errors.js';
import { gslWorkOrderType, toWorkOrderDetailVo, toWorkOrderVo } from '../views/workOrderVo.js';
import type { GslCall, GslParams } from './call.js';
import { WORK_ORDER_STATUS } from './workOrderTypes.js';

type Schemas = components['schemas'];

/** GET /v1/work-orders: the account's GSL work orders, newest first, one page. */
export function ListWorkOrders({ ctx, account, params }: GslCall<GslParams<'ListWorkOrders'>>): Schemas['ListWorkOrdersResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const matches = ctx.fleet.workOrders.list(account.id).filter((order) => {
    const type = gslWorkOrderType(order);
    if (type === undefined) return false;
    if (params.main_search_key !== undefined && String(order.id) !== params.main_search_key.trim()) return false;
    if (params.work_order_type !== undefined && type !== params.work_order_type) return false;
    if (params.status !== undefined && WORK_ORDER_STATUS[order.status] !== params.status) return false;
    return params.sim_type === undefined || params.sim_type === 3;
  });
  return {
    limit,
    offset: page,
    count: matches.length,
    work_orders: matches.slice((page - 1) * limit, page * limit).map(toWorkOrderVo),
  };
}

/** GET /v1/work-orders/{id}/details: one line per card of the order. */
export function ListWorkOrderDetails({
  ctx,
  account,
  params,
}: GslCall<GslParams<'ListWorkOrderDetails'>>): Schemas['ListWorkOrderDetailsResponse'] {
  const order = ctx.fleet.workOrders.get(account.id, params.work_order_id);
  if (!order || gslWorkOrderType(order) === undefined) {
    throw new HuaweiError('GSL.00010004', { detail: `work_order_id ${params.work_order_id} does not exist` });
  }
  const limit = params.limit;
  const page = params.offset;
  const lines = order.lines
    .map((line) => toWorkOrderDetailVo(order, line, ctx.fleet))
    .filter(
      (vo) =>
        (params.main_search_key === undefined || vo.cid === params.main_search_key) &&
        (params.status === undefined || vo.status === params.status),
    )
    .filter((vo) => params.sim_type === undefined || params.sim_type === vo.sim_type);
  return { limit, offset: page, count: lines.length, work_order_details: lines.slice((page - 1) * limit, page * limit) };
}
