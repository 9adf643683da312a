import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { LifecycleState } from '#src/fleet/lifecycle.js';
import type { Card, Carrier } from '#src/fleet/model.js';
import {
  expectGslError,
  expectParameterError,
  expectSdkException,
  GslLikeClient,
  sdkError,
  type SdkResult,
} from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

const REQUEST_ID = /^[0-9a-f]{32}$/;
const FIVE_MINUTES = 5 * 60_000;

type Body = Record<string, unknown>;

/** The SDK result without what the SDK adds, checked against the contract. */
function checked(operationId: string, result: SdkResult<Body>): Body {
  const { httpStatusCode, 'X-Request-Id': requestId, ...body } = result;
  expect(httpStatusCode).toBe(200);
  expect(requestId).toMatch(REQUEST_ID);
  expect(gslContract.responseErrors(operationId, 200, body)).toEqual([]);
  return body;
}

describe('GSL card operations and work orders over the SDK (default scenario)', () => {
  let server: TestServer;
  let signed: GslLikeClient;
  let unscoped: GslLikeClient;
  let accountId: string;
  const taken = new Set<number>();

  /** A card of acme not used by another test, in this state (and carrier). */
  function freshCard(state: LifecycleState, carrier?: Carrier): Card {
    for (const card of server.simulator.fleet.allCards()) {
      if (card.accountId !== accountId || card.state !== state || taken.has(card.id)) continue;
      if (carrier && card.carrier !== carrier) continue;
      taken.add(card.id);
      return card;
    }
    throw new Error(`no free ${state} card`);
  }

  const post = (client: GslLikeClient, op: string, id: number, data?: Body, query?: Body) =>
    client.send<Body>('POST', `/v1/sim-cards/{sim_card_id}/${op}`, {
      pathParams: { sim_card_id: id },
      ...(data ? { data } : {}),
      ...(query ? { queryParams: query } : {}),
    });
  const orders = (query: Body = {}) => signed.send<Body>('GET', '/v1/work-orders', { queryParams: query });
  const details = (id: number) =>
    signed.send<Body>('GET', '/v1/work-orders/{work_order_id}/details', { pathParams: { work_order_id: id } });
  const show = (id: number) => signed.showSimCard<Body>(id);

  beforeAll(async () => {
    // The SDK signs with the real time while these tests move the simulated clock hours ahead.
    server = await startTestServer({ settings: { signatureWindowMs: 24 * 60 * 60_000 } });
    signed = GslLikeClient.withKeys(server.url, HUAWEI);
    const { projectId: _, ...noProject } = HUAWEI;
    unscoped = GslLikeClient.withKeys(server.url, noProject);
    accountId = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account.id;
  });
  afterAll(() => server?.close());

  it('stops a card through a work order that completes as the simulated clock passes its duration', async () => {
    const card = freshCard('active');
    const created = checked('StopSimCard', await post(signed, 'stop', card.id, {}));
    const orderId = created['work_order_id'] as number;
    expect(orderId).toBeGreaterThan(0);

    // Processing: the card is still in use and the order shows status 3, its line status 2.
    expect((await show(card.id))['sim_status']).toBe(20);
    const listed = checked('ListWorkOrders', await orders({ main_search_key: String(orderId) }));
    expect(listed['count']).toBe(1);
    expect(listed['work_orders']).toEqual([
      expect.objectContaining({
        id: orderId,
        work_order_type: 5,
        status: 3,
        total_count: 1,
        process_count: 1,
        finish_time: null,
        work_order_source: 8,
        fail_reason: null,
        response: null,
      }),
    ]);
    const lines = checked('ListWorkOrderDetails', await details(orderId));
    expect(lines['work_order_details']).toEqual([
      expect.objectContaining({ id: orderId, sim_card_id: card.id, cid: card.iccid, status: 2 }),
    ]);

    // A second stop within 5 minutes, and a reset while the stop is unfinished.
    expectSdkException(await sdkError(post(signed, 'stop', card.id, {})), 403, 'GSL.00016016', '5分钟内不允许重复操作,请稍作等待。');
    expectSdkException(
      await sdkError(post(signed, 'reset', card.id, {})),
      403,
      'GSL.00016010',
      '您操作的卡仍有未完成的停机受理单,请勿重复操作。',
    );

    server.simulator.clock.advance(FIVE_MINUTES);
    const shown = await show(card.id);
    expect(shown['sim_status']).toBe(14);
    expect(shown['operator_status']).toBe(5);
    const done = checked('ListWorkOrders', await orders({ main_search_key: String(orderId) }));
    expect(done['work_orders']).toEqual([
      expect.objectContaining({ status: 4, success_count: 1, process_count: 0, finish_time: expect.any(String), fail_reason: null }),
    ]);
    // A finished order carries its response (响应内容), a string as the SDK model promises.
    const response = (done['work_orders'] as Body[])[0]!['response'];
    expect(JSON.parse(response as string)).toEqual({ result: 'success', success_count: 1, fail_count: 0 });
    expect(checked('ListWorkOrderDetails', await details(orderId))['work_order_details']).toEqual([expect.objectContaining({ status: 1 })]);

    // Once the stop is done the reset is accepted, and resumes the card.
    checked('ResetSimCard', await post(unscoped, 'reset', card.id, {}));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['sim_status']).toBe(20);
  });

  it('enables by ICCID when sim_card_id is 0, and refuses a second enable while the first is unfinished', async () => {
    const card = freshCard('silent');
    checked('EnableSimCard', await post(signed, 'enable', 0, undefined, { iccid: card.iccid }));
    expectSdkException(
      await sdkError(post(signed, 'enable', card.id)),
      403,
      'GSL.00016015',
      '您操作的卡仍有未完成的激活受理单,请勿重复操作。',
    );
    server.simulator.clock.advance(FIVE_MINUTES);
    const shown = await show(card.id);
    expect(shown['sim_status']).toBe(20);
    expect(shown['act_date']).toEqual(expect.any(String));
  });

  it('accepts an order for a card in the wrong state; the order fails when it completes', async () => {
    const card = freshCard('cancelled');
    const orderId = checked('StopSimCard', await post(signed, 'stop', card.id, {}))['work_order_id'] as number;
    server.simulator.clock.advance(FIVE_MINUTES);
    const listed = checked('ListWorkOrders', await orders({ main_search_key: String(orderId) }));
    expect(listed['work_orders']).toEqual([
      expect.objectContaining({ status: 6, fail_count: 1, fail_reason: 'SIM卡当前状态不允许此操作' }),
    ]);
    expect(JSON.parse((listed['work_orders'] as Body[])[0]!['response'] as string)).toEqual({
      result: 'fail',
      success_count: 0,
      fail_count: 1,
    });
    expect(checked('ListWorkOrderDetails', await details(orderId))['work_order_details']).toEqual([
      expect.objectContaining({ status: 3, description: 'SIM卡当前状态不允许此操作' }),
    ]);
    expect((await show(card.id))['sim_status']).toBe(30);
  });

  it('cuts and restores the network', async () => {
    const card = freshCard('active');
    checked('StartStopNet', await post(signed, 'cut-net', card.id, { action: 'ADD' }));
    expect((await show(card.id))['cut_net_flag']).toBe(false);
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['cut_net_flag']).toBe(true);
    checked('StartStopNet', await post(signed, 'cut-net', card.id, { action: 'DEL' }));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['cut_net_flag']).toBe(false);
    const types = (checked('ListWorkOrders', await orders({ work_order_type: 20 }))['work_orders'] as Body[]).map(
      (o) => o['work_order_type'],
    );
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set([20]));
  });

  it('sets an exceed-cut-net threshold that cuts the card once usage is past it, and cancels it', async () => {
    const card = [...server.simulator.fleet.allCards()].find(
      (c) => c.accountId === accountId && c.state === 'active' && c.usage.dataKb > 2048 && !taken.has(c.id),
    )!;
    taken.add(card.id);
    checked('SetExceedCutNet', await post(signed, 'exceed-cut-net', card.id, { action: 1, quota: '1' }));
    server.simulator.clock.advance(FIVE_MINUTES);
    let shown = await show(card.id);
    expect(shown).toMatchObject({ exceed_cut_net_flag: true, exceed_cut_net_quota: 1, cut_net_flag: true });
    checked('SetExceedCutNet', await post(signed, 'exceed-cut-net', card.id, { action: 2 }));
    server.simulator.clock.advance(FIVE_MINUTES);
    shown = await show(card.id);
    expect(shown).toMatchObject({ exceed_cut_net_flag: false, exceed_cut_net_quota: null, cut_net_flag: false });
    await expectParameterError(signed, post(signed, 'exceed-cut-net', card.id, { action: 1 }), 'quota is required when action is 1');
    await expectParameterError(signed, post(signed, 'exceed-cut-net', card.id, { action: 3 }), /^action /);
  });

  it('cuts the network on the KB used, not the rounded MB shown: 3 KB past a 1 MB quota is cut though flow_used shows 1', async () => {
    const fleet = server.simulator.fleet;
    const card = [...fleet.allCards()].find(
      (c) => c.accountId === accountId && c.state === 'active' && fleet.plan(c.planId).dataKb >= 1024 * 1024 && !taken.has(c.id),
    )!;
    taken.add(card.id);
    checked('SetExceedCutNet', await post(signed, 'exceed-cut-net', card.id, { action: 1, quota: '1' }));
    server.simulator.clock.advance(FIVE_MINUTES);
    const listed = async () => {
      const page = checked('ListSimCards', await signed.send<Body>('GET', '/v1/sim-cards', { queryParams: { msisdn: card.msisdn } }));
      return (page['sim_cards'] as Body[]).find((c) => c['sim_card_id'] === card.id);
    };
    // Exactly at the quota is not past it; one byte-counted KB step beyond it is, in every view.
    fleet.setUsage(card, { dataKb: 1024 }, server.simulator.clock.now());
    expect(await show(card.id)).toMatchObject({ flow_used: 1, exceed_cut_net_quota: 1, cut_net_flag: false });
    expect(await listed()).toMatchObject({ flow_used: 1, cut_net_flag: false });
    fleet.setUsage(card, { dataKb: 1027 }, server.simulator.clock.now());
    expect(await show(card.id)).toMatchObject({ flow_used: 1, exceed_cut_net_quota: 1, cut_net_flag: true });
    expect(await listed()).toMatchObject({ flow_used: 1, cut_net_flag: true });
  });

  it('limits the speed to a rate the carrier offers, and refuses another with GSL.00011016', async () => {
    const card = freshCard('active', 'CUCC');
    expectSdkException(
      await sdkError(post(signed, 'speed-limit', card.id, { speed_value: 64 })),
      400,
      'GSL.00011016',
      'Unsupported rate limit',
    );
    checked('SetSpeedValue', await post(signed, 'speed-limit', card.id, { speed_value: 2048 }));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['speed_value']).toBe(2048);
    await expectParameterError(signed, post(signed, 'speed-limit', card.id, {}), 'speed_value is required');
  });

  it('rebinds a card to an IMEI', async () => {
    const card = freshCard('active', 'CTCC');
    checked('RegisterImei', await post(signed, 'bind-device', card.id, { bind_type: 2, imei: '861234567890123' }));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['imei']).toBe('861234567890123');
    expect((await show(card.id))['imei_bind_remain_times']).toBe(1);
    // China Telecom allows two rebinds a month: the third is refused.
    checked('RegisterImei', await post(signed, 'bind-device', card.id, { bind_type: 1 }));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(card.id))['imei_bind_remain_times']).toBe(0);
    await expectParameterError(
      signed,
      post(signed, 'bind-device', card.id, { bind_type: 2, imei: '861234567890124' }),
      'China Telecom cards can be rebound at most 2 times a month',
    );
    const cm = freshCard('active', 'CMCC');
    expect((await show(cm.id))['imei_bind_remain_times']).toBeNull();
    await expectParameterError(
      signed,
      post(signed, 'bind-device', cm.id, { bind_type: 2, imei: '861234567890123' }),
      'bind_type 2 is not supported for China Mobile cards',
    );
  });

  it('answers the real-name status and clears it on China Telecom cards', async () => {
    const card = [...server.simulator.fleet.allCards()].find(
      (c) => c.accountId === accountId && c.carrier === 'CTCC' && c.realNameStatus === 'certified' && !taken.has(c.id),
    )!;
    taken.add(card.id);
    const before = checked(
      'ShowRealNamed',
      await signed.send<Body>('GET', '/v1/sim-cards/{sim_card_id}/real-named', { pathParams: { sim_card_id: card.id } }),
    );
    expect(before).toEqual({ iccid: card.iccid, real_named: true });
    checked('DeleteRealName', await post(signed, 'clear-real-name', card.id));
    server.simulator.clock.advance(FIVE_MINUTES);
    const after = await signed.send<Body>('GET', '/v1/sim-cards/{sim_card_id}/real-named', {
      pathParams: { sim_card_id: 0 },
      queryParams: { iccid: card.iccid },
    });
    expect(after['real_named']).toBe(false);
  });

  it('answers GSL.00010003 (system busy) for what needs the carrier while its platform is down', async () => {
    const settings = (patch: Body) =>
      fetch(`${server.url}/_sim/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
    const ct = freshCard('active', 'CTCC');
    const cm = freshCard('active', 'CMCC');
    expect((await settings({ huaweiCarrierOutages: ['CTCC'] })).status).toBe(200);
    try {
      await expectGslError(post(signed, 'stop', ct.id, {}), 'GSL.00010003');
      await expectGslError(post(unscoped, 'cut-net', 0, { action: 'ADD', iccid: ct.iccid }), 'GSL.00010003');
      await expectGslError(
        signed.send('GET', '/v1/sim-cards/{sim_card_id}/real-named', { pathParams: { sim_card_id: ct.id } }),
        'GSL.00010003',
      );
      await expectGslError(
        signed.send('GET', '/v1/sim-price-plans', { queryParams: { sim_card_id: ct.id, real_time: true } }),
        'GSL.00010003',
      );
      // GSL's own records still answer, and another carrier's cards are not affected.
      expect((await show(ct.id))['sim_status']).toBe(20);
      await signed.send('GET', '/v1/sim-price-plans', { queryParams: { sim_card_id: ct.id } });
      expect(gslContract.responseErrors('ListSimPricePlans', 200, signed.lastBody)).toEqual([]);
      expect(signed.lastBody).toEqual([expect.objectContaining({ sim_card_id: ct.id })]);
      checked('StopSimCard', await post(signed, 'stop', cm.id, {}));
    } finally {
      expect((await settings({ huaweiCarrierOutages: [] })).status).toBe(200);
    }
    // The refused stop filed no order: once the platform is back, the stop is accepted at once.
    checked('StopSimCard', await post(signed, 'stop', ct.id, {}));
    server.simulator.clock.advance(FIVE_MINUTES);
    expect((await show(ct.id))['sim_status']).toBe(14);
  });

  it('completes work orders after settings.huaweiWorkOrderDurationMs, not the default 5 minutes', async () => {
    const card = freshCard('active');
    server.simulator.settings.huaweiWorkOrderDurationMs = 30 * 60_000;
    try {
      const orderId = checked('StopSimCard', await post(signed, 'stop', card.id, {}))['work_order_id'] as number;
      server.simulator.clock.advance(FIVE_MINUTES);
      expect((await show(card.id))['sim_status']).toBe(20);
      expect(checked('ListWorkOrders', await orders({ main_search_key: String(orderId) }))['work_orders']).toEqual([
        expect.objectContaining({ status: 3 }),
      ]);
      server.simulator.clock.advance(25 * 60_000);
      expect((await show(card.id))['sim_status']).toBe(14);
      expect(checked('ListWorkOrders', await orders({ main_search_key: String(orderId) }))['work_orders']).toEqual([
        expect.objectContaining({ status: 4 }),
      ]);
    } finally {
      server.simulator.settings.huaweiWorkOrderDurationMs = FIVE_MINUTES;
    }
  });

  it('answers GSL.00011001 for an unknown card and GSL.00010004 naming the parameter', async () => {
    const unknown = 'The SIM card does not exist or you do not have the permission to access the SIM card.';
    expectSdkException(await sdkError(post(signed, 'stop', 999_999_999_999, {})), 400, 'GSL.00011001', unknown);
    expectSdkException(await sdkError(post(signed, 'stop', 0, { iccid: '8986000000000000000' })), 400, 'GSL.00011001', unknown);
    await expectParameterError(signed, post(signed, 'stop', 0, {}), 'iccid is required when sim_card_id is 0');
    await expectParameterError(signed, post(signed, 'cut-net', 1, { action: 'CUT' }), /^action /);
    await expectParameterError(
      signed,
      signed.send('GET', '/v1/work-orders/{work_order_id}/details', { pathParams: { work_order_id: 42 } }),
      'work_order_id 42 does not exist',
    );
  });
});
