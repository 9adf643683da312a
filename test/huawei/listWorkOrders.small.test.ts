import { describe, expect, it } from 'vitest';
import { SimClock } from '#src/engine/clock.js';
import { WorkOrderBook, type WorkOrder } from '#src/fleet/workOrders.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { SMALL_ACME, SMALL_GLOBEX, smallSimulator } from '#helpers/smallWorld.js';
import { GSL_ORDER_TYPE, GSL_TYPE_KEY, WORK_ORDER_STATUS, type GslOperation } from '#simulator/huawei/gsl/workOrderTypes.js';
import { gslContract } from '#simulator/huawei/contract.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

/**
 * ListWorkOrders counts and pages from the work-order book's tallies and its newest-first reading
 * (docs/performance.md, "Work orders pending by the thousand"): every answer must be what a walk
 * through every order filed gives, for every filter and page.
 */
describe('GSL ListWorkOrders', () => {
  const sim = smallSimulator({ clock: new SimClock({ start: NOW, frozen: true }), settings: { huaweiRequestsPerSecond: 0 } });
  const book = sim.fleet.workOrders;
  const [acme, globex] = sim.fleet.accounts();
  const cardsOf = (accountId: string) => sim.fleet.query({ accountId }, 0, 100).items;
  const operations = Object.keys(GSL_ORDER_TYPE) as GslOperation[];
  // Orders of every GSL operation for both tenants, some settled (completed, or failed: a resume of
  // an active card), some not, and orders of another vendor's (no GSL type) among them.
  for (let i = 0; i < 600; i++) {
    const account = i % 5 === 4 ? globex! : acme!;
    const cards = cardsOf(account.id);
    const card = cards[i % cards.length]!;
    const operation = operations[i % operations.length]!;
    const vendor = i % 7 === 3 ? 'aliyun' : 'gsl';
    book.create({
      accountId: account.id,
      operation: vendor === 'gsl' ? operation : 'renewal',
      effect: i % 3 === 0 ? { kind: 'transition', event: 'resume' } : { kind: 'none' },
      cardIds: [card.id],
      details: vendor === 'gsl' ? { [GSL_TYPE_KEY]: GSL_ORDER_TYPE[operation], request: {} } : {},
      createdAt: NOW + i,
      durationMs: i % 4 === 0 ? 10_000 : 1_000,
    });
  }
  sim.fleet.settle(NOW + 5_000);

  /** What a walk through every order of the account gives (the listing before its tallies). */
  function walked(accountId: string, query: Record<string, string | number>) {
    const limit = Number(query['limit'] ?? 10);
    const page = Number(query['offset'] ?? 1);
    const matches = book
      .all()
      .filter((o) => o.accountId === accountId)
      .reverse()
      .filter((o) => {
        const type = o.details[GSL_TYPE_KEY];
        if (typeof type !== 'number') return false;
        if (query['main_search_key'] !== undefined && String(o.id) !== String(query['main_search_key']).trim()) return false;
        if (query['work_order_type'] !== undefined && type !== Number(query['work_order_type'])) return false;
        if (query['status'] !== undefined && WORK_ORDER_STATUS[o.status] !== Number(query['status'])) return false;
        return query['sim_type'] === undefined || Number(query['sim_type']) === 3;
      });
    return { count: matches.length, ids: matches.slice((page - 1) * limit, page * limit).map((o) => o.id) };
  }

  function listed(keys: typeof SMALL_ACME | typeof SMALL_GLOBEX, query: Record<string, string | number>) {
    const res = sim.handle(signHuaweiRequest({ path: '/v1/work-orders', query, keys, at: NOW + 5_000 }));
    expect(res.status).toBe(200);
    const body = responseJson(res) as { count: number; work_orders: Array<{ id: number }> };
    expect(gslContract.responseErrors('ListWorkOrders', 200, body)).toEqual([]);
    return { count: body.count, ids: body.work_orders.map((o) => o.id) };
  }

  it('answers every filter and page as a walk through every order would', () => {
    const someAcme = book.all().find((o) => o.accountId === acme!.id && o.details[GSL_TYPE_KEY] !== undefined)!;
    const aliyunOrder = book.all().find((o) => o.accountId === acme!.id && o.operation === 'renewal')!;
    const globexOrder = book.all().find((o) => o.accountId === globex!.id)!;
    const queries: Array<Record<string, string | number>> = [
      {},
      { limit: 50 },
      { limit: 50, offset: 2 },
      { limit: 50, offset: 9 },
      { limit: 50, offset: 99 },
      { work_order_type: 5 },
      { work_order_type: 10, limit: 20, offset: 2 },
      { work_order_type: 1 },
      { status: 3 },
      { status: 4, limit: 30, offset: 3 },
      { status: 6 },
      { status: 6, work_order_type: 4 },
      { sim_type: 3, status: 4 },
      { sim_type: 1 },
      { main_search_key: String(someAcme.id) },
      { main_search_key: ` ${someAcme.id} ` },
      { main_search_key: `0${someAcme.id}` },
      { main_search_key: String(someAcme.id), status: 3 },
      { main_search_key: String(aliyunOrder.id) },
      { main_search_key: String(globexOrder.id) },
      { main_search_key: 'abc' },
    ];
    const statuses = new Set(book.all().map((o) => o.status));
    expect(statuses).toEqual(new Set(['processing', 'completed', 'failed']));
    for (const query of queries) expect(listed(SMALL_ACME, query), JSON.stringify(query)).toEqual(walked(acme!.id, query));
    for (const query of [{}, { status: 4 }, { limit: 50, offset: 2 }] as Array<Record<string, number>>)
      expect(listed(SMALL_GLOBEX, query)).toEqual(walked(globex!.id, query));
    // And again once the rest have settled: the tallies follow each order's status.
    sim.fleet.settle(NOW + 20_000);
    for (const query of queries) expect(listed(SMALL_ACME, query), JSON.stringify(query)).toEqual(walked(acme!.id, query));
    // A restored book (a state file's start) tallies and orders the same.
    const restored = new WorkOrderBook();
    restored.restore(JSON.parse(JSON.stringify(book.toJSON())) as never);
    for (const account of [acme!, globex!]) {
      expect([...restored.newestFirst(account.id)].map((o) => o.id)).toEqual([...book.newestFirst(account.id)].map((o) => o.id));
      const some = operations.slice(2, 6);
      expect([...restored.newestFirst(account.id, some)].map((o) => o.id)).toEqual(
        [...book.newestFirst(account.id)].filter((o) => some.includes(o.operation as GslOperation)).map((o) => o.id),
      );
      for (const operation of [...operations, 'renewal'])
        for (const status of ['processing', 'completed', 'failed'] as const)
          expect(restored.countOf(account.id, operation, status)).toBe(book.countOf(account.id, operation, status));
    }
  });

  it('reads no more orders than its page needs', () => {
    const newestFirst = book.newestFirst.bind(book);
    const type = GSL_ORDER_TYPE[operations[5]!];
    const expectedOfType = walked(acme!.id, { limit: 10, work_order_type: type });
    let read = 0;
    try {
      book.all = book.list = () => {
        throw new Error('every order was walked');
      };
      book.newestFirst = function* (accountId: string, operations?: readonly string[]) {
        for (const order of newestFirst(accountId, operations)) {
          read++;
          yield order as WorkOrder;
        }
      };
      const first = listed(SMALL_ACME, { limit: 10 });
      expect(first.ids).toHaveLength(10);
      expect(first.count).toBeGreaterThan(400);
      // Ten GSL orders, and the other vendor's among them (one in seven).
      expect(read).toBeLessThanOrEqual(13);
      read = 0;
      expect(listed(SMALL_ACME, { limit: 10, offset: 999 }).ids).toEqual([]);
      expect(read).toBe(0);
      // A type few orders are of: only its own orders are read, not every order newer than them.
      const ofType = listed(SMALL_ACME, { limit: 10, work_order_type: type });
      expect(ofType).toEqual(expectedOfType);
      expect(ofType.ids).toHaveLength(10);
      expect(read).toBe(10);
    } finally {
      delete (book as Partial<typeof book>).all;
      delete (book as Partial<typeof book>).list;
      delete (book as Partial<typeof book>).newestFirst;
    }
  });
});
