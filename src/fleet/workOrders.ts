import type { LifecycleEvent } from './lifecycle.js';
import type { NetworkControls } from './networkControls.js';
import type { ThreeNetworkChange } from './threeNetwork.js';

/**
 * Carrier-side operations that take time: a stop, resume or activation is accepted at once, then
 * carried out when the simulated clock reaches its due time (Huawei's work orders, Alibaba's
 * asynchronous operations polled by serial number). Only what a work order *does* is kept here,
 * as data, so the state can be exported and restored; vendors name and present it themselves.
 */
export type WorkOrderStatus = 'processing' | 'completed' | 'failed';

/** What happens to each card when the order completes. */
export type WorkOrderEffect =
  | { readonly kind: 'transition'; readonly event: LifecycleEvent }
  /** Sets plain card fields (not indexed ones: those go through Fleet.updateCard). */
  | { readonly kind: 'set'; readonly fields: Readonly<Record<string, unknown>> }
  /** Changes the card's network controls (cut, usage threshold, speed limit). */
  | { readonly kind: 'networkControls'; readonly change: Readonly<Partial<NetworkControls>> }
  /** Switches a three-network card's online carrier or binds its switch policy. */
  | { readonly kind: 'threeNetwork'; readonly change: ThreeNetworkChange }
  | { readonly kind: 'none' };

export interface WorkOrderLine {
  readonly cardId: number;
  status: WorkOrderStatus;
  finishedAt: number | undefined;
  /** Why this card's part failed (e.g. the card was no longer in a state that allows it). */
  failReason: string | undefined;
}

export interface WorkOrder {
  readonly id: number;
  readonly accountId: string;
  /** The vendor-neutral operation, e.g. 'stop', 'resume', 'activate', 'speedLimit'. */
  readonly operation: string;
  readonly effect: WorkOrderEffect;
  /** Whatever the vendor wants to echo back later (request parameters, serial numbers). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly dueAt: number;
  status: WorkOrderStatus;
  finishedAt: number | undefined;
  readonly lines: WorkOrderLine[];
}

export interface NewWorkOrder {
  accountId: string;
  operation: string;
  effect: WorkOrderEffect;
  cardIds: readonly number[];
  details?: Record<string, unknown>;
  createdAt: number;
  /** How long the carrier takes; 0 completes at the next settle. */
  durationMs: number;
}

/**
 * What settling changes in an order (its status, finish time and lines), by id: the state file's
 * change log writes this for an order it holds already, not the order again.
 */
export type SettledOrder = Pick<WorkOrder, 'id' | 'status' | 'finishedAt' | 'lines'>;

/** Applies one order's effect to one card; throws to fail that card's line. */
export type ApplyEffect = (order: WorkOrder, line: WorkOrderLine) => void;

export class WorkOrderBook {
  private readonly orders = new Map<number, WorkOrder>();
  /**
   * Orders not yet settled from `pendingHead` on, by due time, then id. Not few: at GSL's default
   * five minutes an order, 100 orders a second keep 30,000 pending, and finding a new order's
   * place from the front, and each card's pending orders by a walk through them all, cost ~700 µs
   * a request (docs/performance.md, "Work orders pending by the thousand"). A new order is nearly
   * always due last, so its place is looked for from the end; settled ones are passed by the head.
   */
  private pending: WorkOrder[] = [];
  private pendingHead = 0;
  /** The unsettled orders that include each card (a card has few), for `pendingFor`. */
  private readonly pendingByCard = new Map<number, WorkOrder[]>();
  /**
   * Orders by operation, in creation order, and each card's latest order of that operation:
   * GSL's "not again within 5 minutes" check and the rebind count ran through every order ever
   * filed, per request (a stop cost ~130 µs with 2,000 orders filed, ~950 µs with 22,000).
   */
  private readonly byOperation = new Map<string, { orders: WorkOrder[]; latestByCard: Map<number, WorkOrder> }>();
  /**
   * Each account's orders in creation order, and how many of them each operation has in each
   * status: a listing counts its matches and reads its page without walking every order filed
   * (GSL's ListWorkOrders took ~8 ms a page with 100,000 filed, docs/performance.md).
   */
  private readonly byAccount = new Map<string, WorkOrder[]>();
  /** Each account's orders of each operation, oldest first (key: tallyKey without a status). */
  private readonly byAccountOperation = new Map<string, WorkOrder[]>();
  private readonly tally = new Map<string, number>();
  private nextId: number;
  /** Ids of orders filed, and of orders settled, since the last `drainChanged` (only once `trackChanges` was called). */
  private changed: { filed: Set<number>; settled: Set<number> } | undefined;
  private epochValue = 0;

  constructor(firstId = 1_000_001) {
    this.nextId = firstId;
  }

  /** Moves when the book is replaced all at once (`restore`): the orders filed and settled since are not all there is. */
  get epoch(): number {
    return this.epochValue;
  }

  create(input: NewWorkOrder): WorkOrder {
    const order: WorkOrder = {
      id: this.nextId++,
      accountId: input.accountId,
      operation: input.operation,
      effect: input.effect,
      details: input.details ?? {},
      createdAt: input.createdAt,
      dueAt: input.createdAt + Math.max(0, input.durationMs),
      status: 'processing',
      finishedAt: undefined,
      lines: input.cardIds.map((cardId) => ({ cardId, status: 'processing', finishedAt: undefined, failReason: undefined })),
    };
    this.orders.set(order.id, order);
    this.changed?.filed.add(order.id);
    this.index(order);
    this.enqueue(order);
    this.count(order, 1);
    return order;
  }

  /** Completes every order due by `now`, oldest first; returns how many were settled. */
  settle(now: number, apply: ApplyEffect): number {
    let settled = 0;
    while (this.pendingHead < this.pending.length && this.pending[this.pendingHead]!.dueAt <= now) {
      const order = this.pending[this.pendingHead]!;
      (this.pending as Array<WorkOrder | undefined>)[this.pendingHead++] = undefined;
      this.unpend(order);
      for (const line of order.lines) {
        try {
          apply(order, line);
          line.status = 'completed';
        } catch (err) {
          line.status = 'failed';
          line.failReason = err instanceof Error ? err.message : String(err);
        }
        line.finishedAt = order.dueAt;
      }
      this.count(order, -1);
      order.status = order.lines.every((l) => l.status === 'failed') && order.lines.length > 0 ? 'failed' : 'completed';
      this.count(order, 1);
      order.finishedAt = order.dueAt;
      this.changed?.settled.add(order.id);
      settled++;
    }
    if (settled > 0) this.cutSettled();
    return settled;
  }

  /** Cuts off the settled slots once they are half the array: amortised, each order is copied once. */
  private cutSettled(): void {
    if (this.pendingHead === this.pending.length) this.pending = [];
    else if (this.pendingHead >= 1024 && this.pendingHead * 2 >= this.pending.length) this.pending = this.pending.slice(this.pendingHead);
    else return;
    this.pendingHead = 0;
  }

  /** An account's order by id (another account's is indistinguishable from none). */
  get(accountId: string, id: number): WorkOrder | undefined {
    const order = this.orders.get(id);
    return order && order.accountId === accountId ? order : undefined;
  }

  /** An account's orders, newest first. */
  list(accountId: string): WorkOrder[] {
    return [...this.newestFirst(accountId)];
  }

  /**
   * An account's orders, newest first, read as they are asked for; with `operations`, only
   * those of these operations, read from their own lists (a filter few orders match reads only
   * them, not every order of the account).
   */
  *newestFirst(accountId: string, operations?: readonly string[]): IterableIterator<WorkOrder> {
    if (operations === undefined) {
      const orders = this.byAccount.get(accountId) ?? [];
      for (let i = orders.length - 1; i >= 0; i--) yield orders[i]!;
      return;
    }
    // Each list is in filing order (ids rise): merged from their ends, the newest first.
    const lists = operations.map((operation) => this.byAccountOperation.get(operationKey(accountId, operation)) ?? []);
    const at = lists.map((list) => list.length - 1);
    for (;;) {
      let pick = -1;
      for (let k = 0; k < lists.length; k++) {
        if (at[k]! >= 0 && (pick < 0 || lists[k]![at[k]!]!.id > lists[pick]![at[pick]!]!.id)) pick = k;
      }
      if (pick < 0) return;
      yield lists[pick]![at[pick]!--]!;
    }
  }

  /** How many of an account's orders of `operation` are in `status`. */
  countOf(accountId: string, operation: string, status: WorkOrderStatus): number {
    return this.tally.get(tallyKey(accountId, operation, status)) ?? 0;
  }

  /** Unfinished orders that include this card, optionally of one operation. */
  pendingFor(cardId: number, operation?: string): WorkOrder[] {
    const orders = this.pendingByCard.get(cardId) ?? [];
    // In the order they will settle, as the pending list holds them.
    return orders.filter((o) => !operation || o.operation === operation).sort(byDue);
  }

  /** Puts an unsettled order in its place among the pending, and under each of its cards. */
  private enqueue(order: WorkOrder): void {
    let at = this.pending.length;
    while (at > this.pendingHead && byDue(this.pending[at - 1]!, order) > 0) at--;
    if (at === this.pending.length) this.pending.push(order);
    else this.pending.splice(at, 0, order);
    for (const { cardId } of order.lines) {
      const orders = this.pendingByCard.get(cardId);
      if (!orders) this.pendingByCard.set(cardId, [order]);
      else if (!orders.includes(order)) orders.push(order);
    }
  }

  /** Takes a settled order from under its cards. */
  private unpend(order: WorkOrder): void {
    for (const { cardId } of order.lines) {
      const orders = this.pendingByCard.get(cardId);
      const at = orders?.indexOf(order) ?? -1;
      if (at < 0) continue;
      if (orders!.length === 1) this.pendingByCard.delete(cardId);
      else orders!.splice(at, 1);
    }
  }

  /** The most recent order of an operation on a card (for "not again within 5 minutes" rules). */
  latestFor(cardId: number, operation: string): WorkOrder | undefined {
    return this.byOperation.get(operation)?.latestByCard.get(cardId);
  }

  /** Every order of one operation, oldest first (a view: do not change it). */
  ofOperation(operation: string): readonly WorkOrder[] {
    return this.byOperation.get(operation)?.orders ?? [];
  }

  private count(order: WorkOrder, by: number): void {
    const key = tallyKey(order.accountId, order.operation, order.status);
    this.tally.set(key, (this.tally.get(key) ?? 0) + by);
  }

  private index(order: WorkOrder): void {
    const mine = this.byAccount.get(order.accountId);
    if (mine) mine.push(order);
    else this.byAccount.set(order.accountId, [order]);
    const key = operationKey(order.accountId, order.operation);
    const ofOperation = this.byAccountOperation.get(key);
    if (ofOperation) ofOperation.push(order);
    else this.byAccountOperation.set(key, [order]);
    let entry = this.byOperation.get(order.operation);
    if (!entry) this.byOperation.set(order.operation, (entry = { orders: [], latestByCard: new Map() }));
    entry.orders.push(order);
    for (const line of order.lines) entry.latestByCard.set(line.cardId, order);
  }

  all(): WorkOrder[] {
    return [...this.orders.values()];
  }

  toJSON(): { nextId: number; orders: WorkOrder[] } {
    return { nextId: this.nextId, orders: this.all().map(workOrderRecord) };
  }

  /**
   * From now on, remembers which orders are filed or settled (the only two ways an order
   * changes), for the state file's change log to write just those at each commit.
   */
  trackChanges(): void {
    this.changed = { filed: new Set(), settled: new Set() };
  }

  /**
   * Since the last call (or `trackChanges`), oldest first: the orders filed, whole, as `toJSON`
   * writes them (settled since or not); what settling changed in the orders filed before (see
   * SettledOrder); and the next id. The values are the book's own: serialise them at once.
   */
  drainChanged(): { nextId: number; orders: WorkOrder[]; settled: SettledOrder[] } {
    const orders: WorkOrder[] = [];
    const settled: SettledOrder[] = [];
    if (this.changed) {
      const { filed, settled: done } = this.changed;
      for (const id of [...filed].sort((a, b) => a - b)) {
        const order = this.orders.get(id);
        if (order) orders.push(workOrderRecord(order));
      }
      for (const id of [...done].sort((a, b) => a - b)) {
        const order = this.orders.get(id);
        if (order && !filed.has(id)) settled.push({ id, status: order.status, finishedAt: order.finishedAt, lines: order.lines });
      }
      filed.clear();
      done.clear();
    }
    return { nextId: this.nextId, orders, settled };
  }

  restore(data: { nextId: number; orders: readonly WorkOrder[] }): void {
    this.epochValue++;
    if (this.changed) this.trackChanges();
    this.orders.clear();
    this.byOperation.clear();
    this.byAccount.clear();
    this.byAccountOperation.clear();
    this.tally.clear();
    for (const o of data.orders) {
      // JSON has no undefined: absent finish times and reasons come back as undefined, each in
      // its place as `create` puts it, so a loaded order writes its fields in the same order.
      const order: WorkOrder = {
        id: o.id,
        accountId: o.accountId,
        operation: o.operation,
        effect: savedEffect(o.effect),
        details: o.details,
        createdAt: o.createdAt,
        dueAt: o.dueAt,
        status: o.status,
        finishedAt: o.finishedAt ?? undefined,
        lines: o.lines.map((l) => ({
          cardId: l.cardId,
          status: l.status,
          finishedAt: l.finishedAt ?? undefined,
          failReason: l.failReason ?? undefined,
        })),
      };
      this.orders.set(order.id, order);
    }
    for (const order of this.orders.values()) {
      this.index(order);
      this.count(order, 1);
    }
    // Pending in due order; orders due together settle in the order they were created (by id).
    this.pending = [];
    this.pendingHead = 0;
    this.pendingByCard.clear();
    for (const order of [...this.orders.values()].filter((o) => o.status === 'processing').sort(byDue)) this.enqueue(order);
    this.nextId = data.nextId;
  }
}

function operationKey(accountId: string, operation: string): string {
  return `${accountId}\u0000${operation}`;
}

function tallyKey(accountId: string, operation: string, status: WorkOrderStatus): string {
  return `${operationKey(accountId, operation)}\u0000${status}`;
}

/** Settling order: by due time, orders due together in the order they were created (by id). */
function byDue(a: WorkOrder, b: WorkOrder): number {
  return a.dueAt - b.dueAt || a.id - b.id;
}

/**
 * An order as saved: a 'set' effect may clear a field, and a 'networkControls' one a control
 * (a quota or a speed limit lifted), by undefined, which JSON would drop (and the order would
 * then change nothing when it completes after a restart): both are written as null.
 */
function workOrderRecord(o: WorkOrder): WorkOrder {
  const effect = o.effect;
  if (effect.kind === 'set') return { ...o, effect: { kind: 'set', fields: mapFields(effect.fields, (v) => v ?? null) } };
  if (effect.kind === 'networkControls')
    return { ...o, effect: { kind: 'networkControls', change: mapFields(effect.change, (v) => v ?? null) } };
  return o;
}

/** A saved order's effect, the nulls standing for undefined as they were (workOrderRecord). */
function savedEffect(effect: WorkOrderEffect): WorkOrderEffect {
  if (effect.kind === 'set') return { kind: 'set', fields: mapFields(effect.fields, (v) => v ?? undefined) };
  if (effect.kind === 'networkControls') return { kind: 'networkControls', change: mapFields(effect.change, (v) => v ?? undefined) };
  return effect;
}

function mapFields(fields: Readonly<Record<string, unknown>>, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, map(value)]));
}
