import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import { cycleFlowMb } from '#simulator/huawei/gsl/usageHistory.js';
import { expectCatalogueError, expectParameterError, GslLikeClient, sdkError, bodyOf } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;

function cycle(now: number, back: number): string {
  const d = new Date(now + 8 * 3600_000);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

describe("GSL flow pools and back pools over the SDK (the default scenario's pool-plan cards)", () => {
  let server: TestServer;
  let client: GslLikeClient;
  let pooled: Card[];
  let backPooled: Card[];
  let flowPoolPlans: number;
  let backPoolPlans: number;

  const get = async (operationId: string, url: string, options: { queryParams?: Body; pathParams?: Body } = {}) => {
    const body = bodyOf(await client.send<Body>('GET', url, options));
    expect(gslContract.responseErrors(operationId, 200, body)).toEqual([]);
    return body as { count: number; pools?: Body[]; pool_members?: Body[] };
  };

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const fleet = server.simulator.fleet;
    const acme = fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    const mine = [...fleet.allCards()].filter((c) => c.accountId === acme.id);
    const onKind = (kind: string) => mine.filter((c) => fleet.plan(c.planId).kind === kind);
    // The flow pool of one shared-pool plan, and the back pool of one unified-pay plan.
    const [firstShared] = onKind('sharedPool');
    pooled = onKind('sharedPool').filter((c) => c.planId === firstShared!.planId);
    const [firstUnified] = onKind('unifiedPayPool');
    backPooled = onKind('unifiedPayPool').filter((c) => c.planId === firstUnified!.planId);
    flowPoolPlans = new Set([...onKind('sharedPool'), ...onKind('directionalSharedPool')].map((c) => c.planId)).size;
    backPoolPlans = new Set(onKind('unifiedPayPool').map((c) => c.planId)).size;
  });
  afterAll(() => server?.close());

  it('derives a flow pool from the cards on a shared-pool plan, with its members', async () => {
    const pools = await get('ListSimPools', '/v1/sim-pools', { queryParams: { limit: 50 } });
    expect(flowPoolPlans).toBeGreaterThan(1);
    expect(pools.count).toBe(flowPoolPlans);
    const pool = pools.pools!.find((p) => p['price_plan_id'] === pooled[0]!.planId)!;
    expect(pool).toMatchObject({ quantity: pooled.length, status: 1 });
    // modify_time (更新时间): when a member last joined or was activated; never before the pool took effect.
    expect(pool['modify_time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(pool['modify_time'] as string)).toBeGreaterThanOrEqual(Date.parse(pool['effective_time'] as string));
    const latest = Math.max(...pooled.map((c) => Math.max(c.openedAt, c.activatedAt ?? c.openedAt)));
    expect(pool['modify_time']).toBe(new Date(latest).toISOString());
    // Every figure of the row, from its members (the row is read in one pass, never from objects held).
    const live = pooled.filter((c) => c.state !== 'cancelled');
    const orderIds = [...new Set(pooled.map((c) => c.orderId))];
    const now = server.simulator.clock.now();
    const month = Number(cycle(now, 0).slice(0, 4)) * 12 + Number(cycle(now, 0).slice(5)) - 1;
    const used = pooled.reduce((sum, card) => sum + cycleFlowMb(server.simulator.engine.context, card, month), 0);
    expect(pool).toMatchObject({
      effective_time: new Date(Math.min(...pooled.map((c) => c.openedAt))).toISOString(),
      expired_time: new Date(Math.max(...pooled.map((c) => c.expiresAt))).toISOString(),
      billing_cycle: cycle(now, 0),
      flow_used: Math.round(used * 100) / 100,
      order_id: orderIds[0],
      order_ids: orderIds.join(',').slice(0, 400),
      activated_sim_quantity: live.filter((c) => c.activatedAt !== undefined).length,
      inactive_sim_quantity: live.filter((c) => c.activatedAt === undefined).length,
      disassembled_sim_quantity: pooled.length - live.length,
    });
    expect(used).toBeGreaterThan(0);
    const members = await get('ListSimPoolMembers', '/v1/sim-pools/{sim_pool_id}/members', {
      pathParams: { sim_pool_id: pool['id'] },
      queryParams: { billing_cycle: cycle(server.simulator.clock.now(), 0), limit: 500 },
    });
    expect(members.pool_members!.map((m) => m['cid']).sort()).toEqual(pooled.map((c) => c.iccid).sort());
    // Pages of ten add up to the page of all, in the same order; a cid filter finds its one card.
    const pageOf = async (offset: number, extra: Body = {}) =>
      get('ListSimPoolMembers', '/v1/sim-pools/{sim_pool_id}/members', {
        pathParams: { sim_pool_id: pool['id'] },
        queryParams: { billing_cycle: cycle(now, 0), limit: 10, offset, ...extra },
      });
    const [second, third] = [await pageOf(2), await pageOf(3)];
    expect(second.count).toBe(pooled.length);
    expect(pooled.length).toBeGreaterThan(20);
    expect([...second.pool_members!, ...third.pool_members!]).toEqual(members.pool_members!.slice(10, 30));
    const one = await pageOf(1, { cid: members.pool_members![4]!['cid'] });
    expect(one.count).toBe(1);
    expect(one.pool_members).toEqual([members.pool_members![4]]);
    expect((await get('ListSimPools', '/v1/sim-pools', { queryParams: { all_billing_cycle: true } })).count).toBe(6 * flowPoolPlans);
    expect((await get('ListSimPools', '/v1/sim-pools', { queryParams: { status: '0' } })).count).toBe(0);
  });

  it('lists pools and pages members without making every member a card object', async () => {
    const fleet = server.simulator.fleet;
    const query = fleet.query.bind(fleet);
    let largest = 0;
    fleet.query = (q, offset, limit) => {
      largest = Math.max(largest, limit);
      return query(q, offset, limit);
    };
    try {
      const pools = await get('ListSimPools', '/v1/sim-pools', { queryParams: { limit: 50, all_billing_cycle: true } });
      expect(pools.count).toBe(6 * flowPoolPlans);
      const members = await get('ListSimPoolMembers', '/v1/sim-pools/{sim_pool_id}/members', {
        pathParams: { sim_pool_id: pools.pools![0]!['id'] },
        queryParams: { billing_cycle: cycle(server.simulator.clock.now(), 0), limit: 10 },
      });
      expect(members.pool_members).toHaveLength(10);
    } finally {
      delete (fleet as Partial<typeof fleet>).query;
    }
    // A page's ten at most: sizes and sums are read in place (the code before listed every member).
    expect(largest).toBe(10);
  });

  it('derives a back pool from the cards on a unified-pay plan', async () => {
    const pools = await get('ListBackPools', '/v1/back-pools', { queryParams: { limit: 50 } });
    expect(pools.count).toBe(backPoolPlans);
    const pool = pools.pools!.find((p) => p['price_plan_id'] === backPooled[0]!.planId)!;
    expect(pool).toMatchObject({ quantity: backPooled.length, pool_status: 2 });
    // In use since it took effect: status_time (状态变更时间) is then; modify_time is filled too.
    expect(pool['status_time']).toBe(pool['effective_time']);
    expect(pool['status_time']).toEqual(expect.any(String));
    expect(pool['modify_time']).toEqual(expect.any(String));
    const members = await get('ListBackPoolMembers', '/v1/back-pools/{back_pool_id}/members', {
      pathParams: { back_pool_id: pool['id'] },
      queryParams: { billing_cycle: cycle(server.simulator.clock.now(), 1) },
    });
    expect(members.count).toBe(backPooled.length);
    expect(members.pool_members![0]).toHaveProperty('sim_status');
  });

  it("shows each member's pool as sim_pool_id, and filters by pool_flag (created, joined, not pooled)", async () => {
    const flowPool = (await get('ListSimPools', '/v1/sim-pools', { queryParams: { limit: 50 } })).pools!.find(
      (p) => p['price_plan_id'] === pooled[0]!.planId,
    )!;
    const backPool = (await get('ListBackPools', '/v1/back-pools', { queryParams: { limit: 50 } })).pools!.find(
      (p) => p['price_plan_id'] === backPooled[0]!.planId,
    )!;
    expect((await client.showSimCard<Body>(pooled[0]!.id))['sim_pool_id']).toBe(flowPool['id']);
    expect((await client.showSimCard<Body>(backPooled[0]!.id))['sim_pool_id']).toBe(backPool['id']);

    const fleet = server.simulator.fleet;
    const acme = fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    const mine = [...fleet.allCards()].filter((c) => c.accountId === acme.id);
    const kindOf = (c: Card) => fleet.plan(c.planId).kind;
    const listed = async (pool_flag: number) => {
      const cards: Array<Record<string, unknown>> = [];
      for (let offset = 1; ; offset++) {
        const page = await client.listSimCards({ pool_flag, limit: 500, offset });
        expect(gslContract.responseErrors('ListSimCards', 200, bodyOf(page))).toEqual([]);
        cards.push(...page.sim_cards);
        if (page.sim_cards.length < 500) return cards;
      }
    };
    const ids = (cards: Array<Record<string, unknown>>) => cards.map((c) => c['sim_card_id'] as number).sort((x, y) => x - y);
    const expected = (test: (c: Card) => boolean) =>
      mine
        .filter(test)
        .map((c) => c.id)
        .sort((x, y) => x - y);

    const [created, joined, backCreated, backJoined, none] = await Promise.all([1, 2, 11, 12, 0].map(listed));
    const flowKinds = ['sharedPool', 'directionalSharedPool'];
    expect(ids([...created!, ...joined!])).toEqual(expected((c) => flowKinds.includes(kindOf(c))));
    expect(ids([...backCreated!, ...backJoined!])).toEqual(expected((c) => kindOf(c) === 'unifiedPayPool'));
    expect(ids(none!)).toEqual(expected((c) => !flowKinds.includes(kindOf(c)) && kindOf(c) !== 'unifiedPayPool'));
    expect(none!.every((c) => c['sim_pool_id'] === null)).toBe(true);
    expect([...created!, ...joined!, ...backCreated!, ...backJoined!].every((c) => typeof c['sim_pool_id'] === 'number')).toBe(true);
    // The batch that created a pool is the pool's order_id; every other batch on the plan joined it.
    const ofPool = (cards: Array<Record<string, unknown>>) => cards.filter((c) => c['sim_pool_id'] === flowPool['id']);
    expect(ofPool(created!).length).toBeGreaterThan(0);
    expect(ofPool(created!).every((c) => c['order_id'] === flowPool['order_id'])).toBe(true);
    expect(ofPool(joined!).every((c) => c['order_id'] !== flowPool['order_id'])).toBe(true);
    expect(ofPool(created!).length + ofPool(joined!).length).toBe(pooled.length);

    await expectParameterError(client, client.listSimCards({ pool_flag: 3 }), /^pool_flag /);
  });

  it('refuses a billing cycle out of range with GSL.00011004, and an unknown pool', async () => {
    const pool = (await get('ListSimPools', '/v1/sim-pools')).pools![0]!;
    const err = await sdkError(
      client.send('GET', '/v1/sim-pools/{sim_pool_id}/members', {
        pathParams: { sim_pool_id: pool['id'] },
        queryParams: { billing_cycle: '2001-01' },
      }),
    );
    expectCatalogueError(err, 'GSL.00011004');
    expect(err.errorMsg).toBe('账期不合法,请检查!');
    const members = client.send('GET', '/v1/back-pools/{back_pool_id}/members', {
      pathParams: { back_pool_id: 5 },
      queryParams: { billing_cycle: cycle(server.simulator.clock.now(), 0) },
    });
    await expectParameterError(client, members, 'back_pool_id 5 does not exist');
  });
});
