import type { components } from '../../../contracts/generated/huawei-gsl.js';
import { HuaweiError } from '../errors.js';
import type { WorkOrder, WorkOrderStatus } from '../../../src/fleet/workOrders.js';
import { gslWorkOrderType, toWorkOrderDetailVo, toWorkOrderVo } from '../views/workOrderVo.js';
import type { GslCall, GslParams } from './call.js';
import { GSL_ORDER_TYPE, WORK_ORDER_STATUS, type GslOperation } from './workOrderTypes.js';

type Schemas = components['schemas'];

/**
 * GET /v1/work-orders: the account's GSL work orders, newest first, one page. GSL's orders are
 * those of the operations it files (GSL_ORDER_TYPE: an order's type follows from its operation),
 * so the count is the book's tallies of those operations in the statuses asked for, and the page
 * is read newest first until it is full: neither walks every order filed.
 */
export function ListWorkOrders({ ctx, account, params }: GslCall<GslParams<'ListWorkOrders'>>): Schemas['ListWorkOrdersResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const book = ctx.fleet.workOrders;
  const operations = new Set(
    (Object.keys(GSL_ORDER_TYPE) as GslOperation[]).filter(
      (operation) => params.work_order_type === undefined || GSL_ORDER_TYPE[operation] === params.work_order_type,
    ),
  );
  const statuses = (Object.keys(WORK_ORDER_STATUS) as WorkOrderStatus[]).filter(
    (status) => params.status === undefined || WORK_ORDER_STATUS[status] === params.status,
  );
  const matches = (order: WorkOrder) => operations.has(order.operation as GslOperation) && statuses.includes(order.status);
  const answer = (count: number, orders: WorkOrder[]) => ({ limit, offset: page, count, work_orders: orders.map(toWorkOrderVo) });
  // Every order is shown with sim_type 3 (docs/fidelity.md, "Work orders and the card operations").
  if (params.sim_type !== undefined && params.sim_type !== 3) return answer(0, []);
  if (params.main_search_key !== undefined) {
    const key = params.main_search_key.trim();
    const order = /^\d+$/.test(key) ? book.get(account.id, Number(key)) : undefined;
    const found = order && String(order.id) === key && matches(order) ? [order] : [];
    return answer(found.length, found.slice((page - 1) * limit, page * limit));
  }
  let count = 0;
  // The operations with an order the filter matches: only their orders are read.
  const matching: GslOperation[] = [];
  for (const operation of operations) {
    let n = 0;
    for (const status of statuses) n += book.countOf(account.id, operation, status);
    if (n > 0) matching.push(operation);
    count += n;
  }
  const skip = (page - 1) * limit;
  const shown: WorkOrder[] = [];
  if (skip < count) {
    let seen = 0;
    for (const order of book.newestFirst(account.id, matching)) {
      if (!matches(order)) continue;
      if (seen++ < skip) continue;
      shown.push(order);
      if (shown.length === limit) break;
    }
  }
  return answer(count, shown);
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
