import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '../../simulator/huawei/contract.js';
import { GslLikeClient, sdkError, type SdkResult, bodyOf } from '../helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '../helpers/server.js';

type Body = Record<string, unknown>;

describe('GSL three-network cards and switch policies over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let cardId: number;

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.huaweiAk(HUAWEI.ak)!.account;
    cardId = [...server.simulator.fleet.allCards()].find((c) => c.accountId === acme.id)!.id;
  });
  afterAll(() => server?.close());

  it('lists no three-network cards and refuses to switch a single-carrier card', async () => {
    const list = bodyOf(await client.send<Body>('GET', '/v1/sim-cards-multiply'));
    expect(gslContract.responseErrors('ListSimDeviceMultiply', 200, list)).toEqual([]);
    expect(list).toEqual({ limit: 10, offset: 1, count: 0, sim_cards: [] });
    const err = await sdkError(client.send('POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', { pathParams: { sim_card_id: cardId }, data: { carrier_type: 2 } }));
    expect(err).toMatchObject({ httpStatusCode: 400, errorCode: 'GSL.00011063', errorMsg: 'Target carrier type that does not supported.' });
  });

  it('adds and lists policies, with the documented rules', async () => {
    const policy = { policy_name: 'prefer-telecom', preferred_carrier: 2, least_preferred_carrier: 3, weak_signal_switch: true, version: 1, switch_order: '2,1,3' };
    const added = await client.send<Body>('POST', '/v1/network-switch-policies', { data: policy });
    expect(added.httpStatusCode).toBe(200);
    const list = bodyOf(await client.send<Body>('GET', '/v1/network-switch-policies', { queryParams: { policy_name: 'telecom' } }));
    expect(gslContract.responseErrors('ListNetworkSwitchPolicies', 200, list)).toEqual([]);
    const policies = list['network_switch_policy_list'] as Array<{ id: number }>;
    expect(policies).toEqual([expect.objectContaining({ policy_name: 'prefer-telecom', preferred_carrier: 2, switch_order: '2,1,3', type: 1, status: 1 })]);

    const same = await sdkError(client.send('POST', '/v1/network-switch-policies', { data: { ...policy, least_preferred_carrier: 2 } }));
    expect(same).toMatchObject({ errorCode: 'GSL.00015032', errorMsg: 'The preferred carrier cannot be the same as the least preferred carrier.' });
    const neither = await sdkError(client.send('POST', '/v1/network-switch-policies', { data: { version: 1 } }));
    expect(neither).toMatchObject({ errorCode: 'GSL.00015033' });

    const unknown = await sdkError(client.send('POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', { pathParams: { sim_card_id: cardId }, data: { network_switch_policy_id: 999 } }));
    expect(unknown).toMatchObject({ httpStatusCode: 400, errorCode: 'GSL.00015028', errorMsg: 'Policy does not exist.' });
    const set = await sdkError(client.send('POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', { pathParams: { sim_card_id: cardId }, data: { network_switch_policy_id: policies[0]!.id } }));
    expect(set).toMatchObject({ errorCode: 'GSL.00011063' });
  });
});
