import type { AppendOnlyBook } from './appendOnlyBook.js';

/**
 * Orders placed through the APIs (renewals, recharges). Delivery batches are not stored here:
 * they are the cards' `orderId`s, derived from the fleet itself. Each placed order is carried out
 * by a work order, whose status is the order's status.
 */
export type PlacedOrderKind = 'renew' | 'recharge';

export interface PlacedOrder {
  readonly id: number;
  readonly accountId: string;
  readonly kind: PlacedOrderKind;
  readonly cardId: number;
  readonly planId: string;
  /** Periods bought. */
  readonly quantity: number;
  /** The caller's (or our) serial number, used to poll the operation. */
  readonly serialNo: string;
  readonly workOrderId: number;
  readonly createdAt: number;
}

/**
 * Orders are only ever placed at the end (AppendOnlyBook): the state file's change log writes the
 * ones placed since its last line, not the whole book again.
 */
export class OrderBook implements AppendOnlyBook {
  private readonly orders: PlacedOrder[] = [];
  private readonly bySerial = new Map<string, PlacedOrder>();
  private nextId: number;
  private replaced = 0;

  constructor(firstId = 230_000_001) {
    this.nextId = firstId;
  }

  place(input: Omit<PlacedOrder, 'id'>): PlacedOrder {
    const order = { id: this.nextId++, ...input };
    this.orders.push(order);
    this.bySerial.set(`${order.accountId}\u0000${order.serialNo}`, order);
    return order;
  }

  bySerialNo(accountId: string, serialNo: string): PlacedOrder | undefined {
    return this.bySerial.get(`${accountId}\u0000${serialNo}`);
  }

  /** An account's orders, oldest first. */
  list(accountId: string): PlacedOrder[] {
    return this.orders.filter((o) => o.accountId === accountId);
  }

  get epoch(): number {
    return this.replaced;
  }

  get length(): number {
    return this.orders.length;
  }

  /** The orders from position `from` on, and the next id (the book's own values: serialise them at once). */
  appendedSince(from: number): { nextId: number; orders: PlacedOrder[] } {
    return { nextId: this.nextId, orders: this.orders.slice(from) };
  }

  toJSON(): { nextId: number; orders: PlacedOrder[] } {
    return { nextId: this.nextId, orders: [...this.orders] };
  }

  restore(data: { nextId: number; orders: readonly PlacedOrder[] }): void {
    this.replaced++;
    this.orders.length = 0;
    this.bySerial.clear();
    for (const order of data.orders) {
      this.orders.push(order);
      this.bySerial.set(`${order.accountId}\u0000${order.serialNo}`, order);
    }
    this.nextId = data.nextId;
  }
}
