import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { WorkOrderStatus } from '../../../src/fleet/workOrders.js';
import type { ActionCall } from '../action.js';
import { chinaDateTime } from '../views/chinaTime.js';
import { credentialInstanceId } from '../views/credential.js';
import { aliyunPlanFields } from '../views/plan.js';
import { fnv1a31 } from '../views/tags.js';
import { levelText } from '../views/units.js';
import { orderStatus } from './renew.js';

type Params = operations['ListOrder']['parameters']['query'];
type Data = components['schemas']['ListOrderData'];
type OrderItem = Data['List'][number];

const ORDER_STATUS: Record<WorkOrderStatus, NonNullable<Params['OrderStatus']>> = {
  processing: 'processing',
  completed: 'completed',
  failed: 'failure',
};

/** What ListOrder filters and sorts an order by, and how to make its row once it is on the page. */
type Candidate = Pick<OrderItem, 'OrderId' | 'OrderType' | 'OrderStatus' | 'CredentialNo' | 'PayTime'> & { row: () => OrderItem };

/**
 * ListOrder: the account's delivery batches (each card's orderId; a completed NEW order of that
 * many cards) and the renewals placed through Renew, newest first, filtered and paged. Renewals
 * grow with every Renew: each is filtered and sorted by what its row shows, and made into a row
 * only when it is on the page (a row of each cost ~17 µs: 1.75 s a page with 100,000 placed,
 * docs/performance.md, "Books that only grow").
 */
export function listOrder({ ctx, account, params }: ActionCall<Params>): Data {
  const all = [...batches(ctx, account).map(whole), ...renewals(ctx, account)]
    .filter((o) => matches(o, params))
    .sort((a, b) => (b.PayTime! < a.PayTime! ? -1 : b.PayTime! > a.PayTime! ? 1 : 0));
  const { PageNo, PageSize } = params;
  return {
    List: all.slice((PageNo - 1) * PageSize, PageNo * PageSize).map((candidate) => candidate.row()),
    PageNo,
    PageSize,
    PageCount: Math.ceil(all.length / PageSize),
    Total: all.length,
  };
}

/** A row made already (the delivery batches, a few an account). */
function whole(item: OrderItem): Candidate {
  const { OrderId, OrderType, OrderStatus, CredentialNo, PayTime } = item;
  return { OrderId, OrderType, OrderStatus, CredentialNo, PayTime, row: () => item };
}

function batches(ctx: EngineContext, account: Account): OrderItem[] {
  const items: OrderItem[] = [];
  for (const [orderId, count] of ctx.fleet.orderCounts(account.id)) {
    const first = ctx.fleet.query({ accountId: account.id, indexed: { orderId: [orderId] } }, 0, 1).items[0];
    if (!first) continue;
    const plan = ctx.fleet.plan(first.planId);
    items.push({
      ...orderFields(account, first, plan, orderId, count),
      ...deliveryFields(account, orderId),
      OrderId: orderId,
      OrderType: 'NEW',
      OrderStatus: 'completed',
      BuyNum: count,
      CardPayCount: count,
      ResourceQuantity: count,
      PayTime: chinaDateTime(first.openedAt),
    });
  }
  return items;
}

function renewals(ctx: EngineContext, account: Account): Candidate[] {
  const credentials = new Map<string, OrderItem['CredentialNo']>();
  return ctx.fleet.orders.list(account.id).map((order) => {
    let credential = credentials.get(order.planId);
    if (credential === undefined) credentials.set(order.planId, (credential = aliyunPlanFields(ctx.fleet.plan(order.planId)).CredentialNo));
    const candidate: Candidate = {
      OrderId: String(order.id),
      OrderType: 'RENEW',
      OrderStatus: ORDER_STATUS[orderStatus(ctx, account, order)],
      CredentialNo: credential,
      PayTime: chinaDateTime(order.createdAt),
      row: () => ({
        ...orderFields(account, ctx.fleet.cardById(account.id, order.cardId), ctx.fleet.plan(order.planId), candidate.OrderId!, 1),
        // A renewal ships nothing.
        DeliveryInfo: { Address: '', BuyerMessage: '', Mail: '', Receiver: '', ZipCode: '' },
        ExpressNoList: [],
        CardPayCount: 1,
        OrderId: candidate.OrderId,
        OrderType: candidate.OrderType,
        OrderStatus: candidate.OrderStatus,
        BuyNum: 1,
        PayDuration: String(order.quantity),
        ResourceQuantity: 1,
        PayTime: candidate.PayTime,
      }),
    };
    return candidate;
  });
}

type PlanFields = Pick<
  OrderItem,
  | 'CredentialNo'
  | 'CredentialPackage'
  | 'DataLevel'
  | 'BillingCycle'
  | 'AliFee'
  | 'FlowType'
  | 'FunctionFee'
  | 'ApnRegion'
  | 'OrderInfo'
  | 'OrderDetailUrl'
  | 'PoolNo'
  | 'PoolCapacity'
  | 'PoolCapacityUnit'
> &
  Partial<Pick<OrderItem, 'Vendor' | 'ApnName' | 'NetworkType'>>;

const POOL_KINDS: ReadonlySet<Plan['kind']> = new Set(['sharedPool', 'directionalSharedPool', 'unifiedPayPool']);

/**
 * What an order shows of the plan it bought and of its first card (absent when the card is gone).
 * The fields the SDK model has and the fleet does not keep are derived (docs/fidelity.md): a pool
 * plan's order names the pool it fills (the credential instance of views/credential.ts) and the
 * data it adds, its allowance times the cards bought, in the unit DataLevel uses.
 */
function orderFields(account: Account, card: Card | undefined, plan: Plan, orderId: string, cards: number): PlanFields {
  const fields = aliyunPlanFields(plan);
  const pool = POOL_KINDS.has(plan.kind);
  const [capacity, unit] = pool ? splitLevel(levelText(plan.dataKb * cards)) : ['', ''];
  return {
    ...(card ? { Vendor: card.carrier, ApnName: card.apn, NetworkType: card.networkType } : {}),
    CredentialNo: fields.CredentialNo,
    CredentialPackage: plan.name,
    DataLevel: fields.DataLevel,
    BillingCycle: fields.Period,
    AliFee: fields.AliFee,
    FlowType: fields.DataType,
    // Fees beyond the plan's price: none.
    FunctionFee: 0,
    ApnRegion: '全国',
    OrderInfo: `${plan.name} × ${cards}`,
    OrderDetailUrl: `https://linkcard.console.aliyun.com/#/order/detail?orderId=${orderId}`,
    PoolNo: pool ? credentialInstanceId(account.id, plan) : '',
    PoolCapacity: capacity,
    PoolCapacityUnit: unit,
  };
}

/** `30GB` → [`30`, `GB`]. */
function splitLevel(level: string): [string, string] {
  return [level.slice(0, -2), level.slice(-2)];
}

/**
 * A delivery batch's shipping (the fleet keeps none, so it is derived from the account and the
 * order, invented: a receiver, an address, a mailbox and one express number per batch).
 */
function deliveryFields(account: Account, orderId: string): Pick<OrderItem, 'DeliveryInfo' | 'ExpressNoList'> {
  const n = fnv1a31(`${account.id}\u0000${orderId}`);
  return {
    DeliveryInfo: {
      Receiver: `${account.name} 物联网运维`,
      Address: `上海市浦东新区示例路${(n % 900) + 100}号`,
      Mail: `iot@${account.id}.example.com`,
      ZipCode: '200120',
      BuyerMessage: '',
    },
    ExpressNoList: [`SF${String(1_000_000_000_000 + (n % 9_000_000_000_000)).padStart(13, '0')}`],
  };
}

function matches(order: Candidate, params: Params): boolean {
  if (params.OrderId !== undefined && order.OrderId !== params.OrderId) return false;
  if (params.OrderType !== undefined && order.OrderType !== params.OrderType) return false;
  if (params.OrderStatus !== undefined && order.OrderStatus !== params.OrderStatus) return false;
  if (params.CredentialNo !== undefined && order.CredentialNo !== params.CredentialNo) return false;
  const day = order.PayTime!.slice(0, 10);
  if (params.StartDate !== undefined && day < params.StartDate) return false;
  if (params.EndDate !== undefined && day > params.EndDate) return false;
  return true;
}
