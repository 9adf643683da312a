import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient, type SdkResult, bodyOf, expectParameterError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;

/** The SDK core turns a bare JSON array into an object keyed by index; read it back as an array. */
function arrayOf(result: SdkResult<Body>): Body[] {
  return Object.entries(bodyOf(result))
    .filter(([key]) => /^\d+$/.test(key))
    .map(([, value]) => value as Body);
}

describe('GSL price plans over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let cards: Card[];

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    cards = [...server.simulator.fleet.allCards()].filter((c) => c.accountId === acme.id).slice(0, 3);
  });
  afterAll(() => server?.close());

  it('lists the plan catalogue, filtered by carrier (old and new codes alike)', async () => {
    const all = bodyOf(await client.send<Body>('GET', '/v1/price-plans', { queryParams: { limit: 500 } }));
    expect(gslContract.responseErrors('ListProPricePlans', 200, all)).toEqual([]);
    expect(all['count']).toBe(server.simulator.fleet.plans().length);
    // Every plan has its 描述 (description), a string as the SDK model promises, naming carrier and allowance.
    for (const p of all['price_plans'] as Array<{ description: unknown; carrier_type: number }>) {
      expect(p.description).toMatch(/^中国(移动|联通|电信)物联网卡.+套餐,每(月|季|半年|年)[\d.]+(MB|GB)流量$/);
    }
    const mobile = bodyOf(await client.send<Body>('GET', '/v1/price-plans', { queryParams: { limit: 500, carrier_type: 101 } }));
    const plans = mobile['price_plans'] as Array<{ carrier_type: number }>;
    expect(plans.length).toBe(server.simulator.fleet.plans().filter((p) => p.carrier === 'CMCC').length);
    expect(new Set(plans.map((p) => p.carrier_type))).toEqual(new Set([1]));
    const nb = bodyOf(await client.send<Body>('GET', '/v1/price-plans', { queryParams: { network_type: 2 } }));
    expect(nb['count']).toBe(0);
  });

  it('answers a card’s plan instance, by id or by ICCID', async () => {
    const card = cards[0]!;
    const plan = server.simulator.fleet.plan(card.planId);
    const instances = arrayOf(await client.send<Body>('GET', '/v1/sim-price-plans', { queryParams: { sim_card_id: card.id } }));
    expect(gslContract.responseErrors('ListSimPricePlans', 200, instances)).toEqual([]);
    expect(instances).toEqual([
      expect.objectContaining({ id: card.id, sim_card_id: card.id, price_plan_id: plan.id, price_plan_name: plan.name, cid: card.iccid }),
    ]);
    expect(instances[0]!['description']).toBe(
      (bodyOf(await client.send<Body>('GET', '/v1/price-plans', { queryParams: { limit: 500 } }))['price_plans'] as Body[]).find(
        (p) => p['price_plan_id'] === plan.id,
      )!['description'],
    );
    expect(instances[0]!['description']).toEqual(expect.any(String));
    const byIccid = arrayOf(await client.send<Body>('GET', '/v1/sim-price-plans', { queryParams: { sim_card_id: 0, iccid: card.iccid } }));
    expect(byIccid).toEqual(instances);
    expect((await client.showSimCard<Body>(card.id))['sim_price_plan_id']).toBe(card.id);
  });

  it('answers plan usage for up to 50 cards, by ids or ICCIDs but not both', async () => {
    const usage = arrayOf(
      await client.send<Body>('POST', '/v1/sim-price-plans/usage/batch-query', { data: { sim_card_ids: cards.map((c) => c.id) } }),
    );
    expect(gslContract.responseErrors('ListFlowBySimCards', 200, usage)).toEqual([]);
    expect(usage.map((u) => u['sim_card_id'])).toEqual(cards.map((c) => c.id));
    const batch = (data: Body) => client.send('POST', '/v1/sim-price-plans/usage/batch-query', { data });
    await expectParameterError(
      client,
      batch({ sim_card_ids: [cards[0]!.id], iccids: [cards[0]!.iccid] }),
      'iccids and sim_card_ids are mutually exclusive',
    );
    await expectParameterError(
      client,
      batch({ sim_card_ids: Array.from({ length: 51 }, (_, i) => i + 1) }),
      'sim_card_ids must NOT have more than 50 items',
    );
    const tooManyIccids = await expectGslError(
      batch({ iccids: Array.from({ length: 51 }, (_, i) => `898611${String(i).padStart(13, '0')}`) }),
      'GSL.00011010',
    );
    expect(tooManyIccids.errorMsg).toBe('The number of iccids exceeds the upper limit.');
    const unknown = await expectGslError(batch({ iccids: ['8986110000000000000'] }), 'GSL.00011011', { iccid: '8986110000000000000' });
    expect(unknown.errorMsg).toBe('The iccid:[8986110000000000000] does not exist.');
  });

  it('refuses a ListSimCards price_plan_id that is no plan of the catalogue with GSL.00012002', async () => {
    const err = await expectGslError(client.listSimCards({ price_plan_id: [cards[0]!.planId, 'NO-SUCH-PLAN'] }), 'GSL.00012002');
    expect(err.errorMsg).toBe('The package ID is invalid. The package does not exist.');
    expect((await client.listSimCards({ price_plan_id: [cards[0]!.planId] })).count).toBeGreaterThan(0);
  });
});
