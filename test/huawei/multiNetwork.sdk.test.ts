import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import { expectCatalogueError, GslLikeClient, sdkError, bodyOf } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;

interface MultiplyVO {
  sim_card_id: number;
  cid: string;
  online_carrier: number;
  network_switch_policy_id: number | null;
  policy_name: string | null;
  iccid_mobile: string;
  iccid_unicom: string;
  iccid_telcom: string;
}

describe('GSL three-network cards and switch policies over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let singleCarrierId: number;

  const listMultiply = async (query: Body = {}) => {
    const list = bodyOf(await client.send<Body>('GET', '/v1/sim-cards-multiply', { queryParams: query }));
    expect(gslContract.responseErrors('ListSimDeviceMultiply', 200, list)).toEqual([]);
    return list as { count: number; sim_cards: MultiplyVO[] };
  };

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const fleet = server.simulator.fleet;
    const acme = fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    singleCarrierId = [...fleet.allCards()].find((c) => c.accountId === acme.id && !fleet.threeNetwork.get(c.id))!.id;
  });
  afterAll(() => server?.close());

  it("lists the account's three-network cards with a profile per carrier, the home one online", async () => {
    const list = await listMultiply({ limit: 50 });
    expect(list.count).toBe(6);
    const fleet = server.simulator.fleet;
    for (const row of list.sim_cards) {
      const card = [...fleet.allCards()].find((c) => c.id === row.sim_card_id)!;
      expect(row.cid).toBe(card.iccid);
      const own = { CMCC: row.iccid_mobile, CUCC: row.iccid_unicom, CTCC: row.iccid_telcom }[card.carrier];
      expect(own).toBe(card.iccid);
      expect(row.online_carrier).toBe({ CMCC: 1, CTCC: 2, CUCC: 3 }[card.carrier]);
      for (const iccid of [row.iccid_mobile, row.iccid_unicom, row.iccid_telcom]) expect(iccid).toMatch(/^8986\d{16}$/);
    }
    const globex = GslLikeClient.withKeys(server.url, {
      ak: 'GLOBEXAKHUAWEI00000',
      sk: 'globexSecretKeyHuawei000000000000000000',
      projectId: 'fedcba9876543210fedcba9876543210',
    });
    expect(bodyOf(await globex.send<Body>('GET', '/v1/sim-cards-multiply'))).toMatchObject({ count: 0, sim_cards: [] });
  });

  it('switches the online carrier through a work order, once per 5 minutes; refuses single-carrier cards', async () => {
    const [device] = (await listMultiply()).sim_cards;
    const target = device!.online_carrier === 2 ? 1 : 2;
    const ordered = await client.send<{ work_order_id: number }>('POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', {
      pathParams: { sim_card_id: device!.sim_card_id },
      data: { carrier_type: target },
    });
    expect(ordered.work_order_id).toBeGreaterThan(0);
    expect((await listMultiply({ sim_card_id: device!.sim_card_id })).sim_cards[0]!.online_carrier).toBe(device!.online_carrier);
    const again = await sdkError(
      client.send('POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', {
        pathParams: { sim_card_id: device!.sim_card_id },
        data: { carrier_type: target },
      }),
    );
    expectCatalogueError(again, 'GSL.00016016');

    server.simulator.clock.advance(5 * 60 * 1000);
    const after = await listMultiply({ online_carrier: target });
    expect(after.sim_cards.map((r) => r.sim_card_id)).toContain(device!.sim_card_id);
    // Listed with a type from the documented 1-23 list (none names switching: 10, 实体卡激活), done.
    const order = bodyOf(
      await client.send<Body>('GET', '/v1/work-orders', { queryParams: { main_search_key: String(ordered.work_order_id) } }),
    );
    expect(gslContract.responseErrors('ListWorkOrders', 200, order)).toEqual([]);
    expect(order['work_orders']).toEqual([
      expect.objectContaining({
        id: ordered.work_order_id,
        work_order_type: 10,
        status: 4,
        fail_reason: null,
        response: expect.any(String),
      }),
    ]);

    const single = await sdkError(
      client.send('POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', {
        pathParams: { sim_card_id: singleCarrierId },
        data: { carrier_type: 2 },
      }),
    );
    expectCatalogueError(single, 'GSL.00011063');
    expect(single.errorMsg).toBe('Target carrier type that does not supported.');
    const same = await sdkError(
      client.send('POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', {
        pathParams: { sim_card_id: device!.sim_card_id },
        data: { carrier_type: target },
      }),
    );
    expectCatalogueError(same, 'GSL.00011063');
  });

  it('adds and lists policies with the documented rules, and binds one to a three-network card', async () => {
    const policy = {
      policy_name: 'prefer-telecom',
      preferred_carrier: 2,
      least_preferred_carrier: 3,
      weak_signal_switch: true,
      version: 1,
      switch_order: '2,1,3',
    };
    const added = await client.send<Body>('POST', '/v1/network-switch-policies', { data: policy });
    expect(added.httpStatusCode).toBe(200);
    const list = bodyOf(await client.send<Body>('GET', '/v1/network-switch-policies', { queryParams: { policy_name: 'telecom' } }));
    expect(gslContract.responseErrors('ListNetworkSwitchPolicies', 200, list)).toEqual([]);
    const policies = list['network_switch_policy_list'] as Array<{ id: number }>;
    expect(policies).toEqual([
      expect.objectContaining({ policy_name: 'prefer-telecom', preferred_carrier: 2, switch_order: '2,1,3', type: 1, status: 1 }),
    ]);

    const same = await sdkError(client.send('POST', '/v1/network-switch-policies', { data: { ...policy, least_preferred_carrier: 2 } }));
    expectCatalogueError(same, 'GSL.00015032');
    expect(same.errorMsg).toBe('The preferred carrier cannot be the same as the least preferred carrier.');
    const neither = await sdkError(client.send('POST', '/v1/network-switch-policies', { data: { version: 1 } }));
    expectCatalogueError(neither, 'GSL.00015033');

    const unknown = await sdkError(
      client.send('POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', {
        pathParams: { sim_card_id: singleCarrierId },
        data: { network_switch_policy_id: 999 },
      }),
    );
    expectCatalogueError(unknown, 'GSL.00015028');
    expect(unknown.errorMsg).toBe('Policy does not exist.');
    const single = await sdkError(
      client.send('POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', {
        pathParams: { sim_card_id: singleCarrierId },
        data: { network_switch_policy_id: policies[0]!.id },
      }),
    );
    expectCatalogueError(single, 'GSL.00011063');

    const device = (await listMultiply()).sim_cards[1]!;
    await client.send('POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', {
      pathParams: { sim_card_id: 0 },
      data: { cid: device.cid, network_switch_policy_id: policies[0]!.id },
    });
    server.simulator.clock.advance(5 * 60 * 1000);
    expect((await listMultiply({ sim_card_id: device.sim_card_id })).sim_cards[0]).toMatchObject({
      network_switch_policy_id: policies[0]!.id,
      policy_name: 'prefer-telecom',
    });
  });
});
