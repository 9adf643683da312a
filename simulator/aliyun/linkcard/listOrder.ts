import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { WorkOrderStatus } from '../../../src/fleet/workOrders.js';
import type { ActionCall } from '../action.js';
import { chinaDateTime } from '../views/chinaTime.js';
import { aliyunPlanFields } from '../views/plan.js';
import { orderStatus } from './renew.js';

type Params = operations['ListOrder']['parameters']['query'];
type Data = components['schemas']['ListOrderData'];
type OrderItem = Data['List'][number];

const ORDER_STATUS: Record<WorkOrderStatus, NonNullable<Params['OrderStatus']>> = {
  processing: 'processing',
  completed: 'completed',
  failed: 'failure',
};

/**
 * ListOrder: the account's delivery batches (each card's orderId; a completed NEW order of that
 * many cards) and the renewals placed through Renew, newest first, filtered and paged.
 */
export function listOrder({ ctx, account, params }: ActionCall<Params>): Data {
  const all = [...batches(ctx, account), ...renewals(ctx, account)]
    .filter((o) => matches(o, params))
    .sort((a, b) => (b.PayTime! < a.PayTime! ? -1 : b.PayTime! > a.PayTime! ? 1 : 0));
  const { PageNo, PageSize } = params;
  return {
    List: all.slice((PageNo - 1) * PageSize, PageNo * PageSize),
    PageNo,
    PageSize,
    PageCount: Math.ceil(all.length / PageSize),
    Total: all.length,
  };
}

function batches(ctx: EngineContext, account: Account): OrderItem[] {
  const items: OrderItem[] = [];
  for (const [orderId, count] of ctx.fleet.orderCounts(account.id)) {
    const first = ctx.fleet.query({ accountId: account.id, indexed: { orderId: [orderId] } }, 0, 1).items[0];
    if (!first) continue;
    items.push({ ...orderFields(first, ctx.fleet.plan(first.planId)), OrderId: orderId, OrderType: 'NEW', OrderStatus: 'completed', BuyNum: count, ResourceQuantity: count, PayTime: chinaDateTime(first.openedAt) });
  }
  return items;
}

function renewals(ctx: EngineContext, account: Account): OrderItem[] {
  return ctx.fleet.orders.list(account.id).map((order) => {
    const card = ctx.fleet.cardById(account.id, order.cardId);
    const plan = ctx.fleet.plan(order.planId);
    return {
      ...(card ? orderFields(card, plan) : {}),
      OrderId: String(order.id),
      OrderType: 'RENEW',
      OrderStatus: ORDER_STATUS[orderStatus(ctx, account, order)],
      BuyNum: 1,
      PayDuration: String(order.quantity),
      ResourceQuantity: 1,
      PayTime: chinaDateTime(order.createdAt),
    };
  });
}

function orderFields(card: Card, plan: Plan): Partial<OrderItem> {
  const fields = aliyunPlanFields(plan);
  return {
    Vendor: card.carrier,
    ApnName: card.apn,
    NetworkType: card.networkType,
    CredentialNo: fields.CredentialNo,
    DataLevel: fields.DataLevel,
    BillingCycle: fields.Period,
    AliFee: fields.AliFee,
  };
}

function matches(order: OrderItem, params: Params): boolean {
  if (params.OrderId !== undefined && order.OrderId !== params.OrderId) return false;
  if (params.OrderType !== undefined && order.OrderType !== params.OrderType) return false;
  if (params.OrderStatus !== undefined && order.OrderStatus !== params.OrderStatus) return false;
  if (params.CredentialNo !== undefined && order.CredentialNo !== params.CredentialNo) return false;
  const day = order.PayTime!.slice(0, 10);
  if (params.StartDate !== undefined && day < params.StartDate) return false;
  if (params.EndDate !== undefined && day > params.EndDate) return false;
  return true;
}
