import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient, bodyOf, expectParameterError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;
type Attribute = { id: number; cust_attr_name: string | null; status: number; default_attr_name_en: string };

describe('GSL custom attributes over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let card: Card;

  const list = async (query: Body = {}) => {
    const body = bodyOf(await client.send<Body>('GET', '/v1/attributes', { queryParams: query }));
    expect(gslContract.responseErrors('ListAttributes', 200, body)).toEqual([]);
    return body as { count: number; attributes: Attribute[] };
  };
  const batchSet = (attributes: Body[]) => client.send<Body>('POST', '/v1/sim-cards/attributes/batch-set', { data: { attributes } });

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === acme.id)!;
  });
  afterAll(() => server?.close());

  it('lists six definitions, names one, enables it, and sets it on a card', async () => {
    const before = await list();
    expect(before.count).toBe(6);
    expect(before.attributes.map((a) => a.default_attr_name_en)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Custom attribute ${n}`));

    const created = bodyOf(await client.send<Body>('POST', '/v1/attributes', { data: { cust_attr_name: 'site' } }));
    expect(gslContract.responseErrors('CreateAttribute', 200, created)).toEqual([]);
    const id = created['id'] as number;
    expect(id).toBe(before.attributes[0]!.id);

    // Disabled: the batch fails as a whole, naming the card and the reason.
    const reasons = [{ fail_reason: '自定义属性一未启用', sim_card_id: card.id }];
    const refused = await expectGslError(batchSet([{ sim_card_id: card.id, customer_attribute1: 'hangzhou-7' }]), 'GSL.00012031', {
      failures: JSON.stringify(reasons),
    });
    expect(JSON.parse(refused.errorMsg!)).toEqual(reasons);

    await client.send('POST', '/v1/attributes/{attribute_id}/enable', { pathParams: { attribute_id: id } });
    await client.send('PUT', '/v1/attributes/{attribute_id}', { pathParams: { attribute_id: id }, data: { cust_attr_name: 'site code' } });
    expect((await list({ status: 1 })).attributes).toEqual([expect.objectContaining({ id, cust_attr_name: 'site code', status: 1 })]);

    await batchSet([{ sim_card_id: 0, iccid: card.iccid, customer_attribute1: 'hangzhou-7' }]);
    expect((await client.showSimCard<Body>(card.id))['customer_attribute1']).toBe('hangzhou-7');
    const found = await client.listSimCards({ customer_attribute1: 'hangzhou-7' });
    expect(found.sim_cards.map((c) => c.sim_card_id)).toEqual([card.id]);

    await client.send('POST', '/v1/attributes/{attribute_id}/disable', { pathParams: { attribute_id: id } });
    expect((await list({ status: 1 })).count).toBe(0);
  });

  it('answers parameter errors of the attribute APIs with their own code, GSL.00020004', async () => {
    const err = await expectParameterError(
      client,
      client.send('POST', '/v1/attributes/{attribute_id}/enable', { pathParams: { attribute_id: 7 } }),
      'attribute_id 7 does not exist',
      'GSL.00020004',
    );
    expect(err.errorMsg).toBe('参数异常');
    await expectParameterError(client, client.send('POST', '/v1/attributes', { data: {} }), 'cust_attr_name is required', 'GSL.00020004');
    // Six slots are all there is: the seventh definition is refused.
    const named = (await list()).attributes.filter((a) => a.cust_attr_name !== null).length;
    for (let i = named; i < 6; i++) await client.send('POST', '/v1/attributes', { data: { cust_attr_name: `slot-${i}` } });
    await expectParameterError(
      client,
      client.send('POST', '/v1/attributes', { data: { cust_attr_name: 'seventh' } }),
      'all six custom attributes are already defined',
      'GSL.00020004',
    );
  });

  it('refuses a console upload it does not hold (file_temp_id) with GSL.00012016', async () => {
    await expectGslError(
      client.send('POST', '/v1/sim-cards/attributes/batch-set', { data: { file_temp_id: 1001, attributes: [{ sim_card_id: card.id }] } }),
      'GSL.00012016',
    );
  });
});
