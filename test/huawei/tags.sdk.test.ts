import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient, bodyOf, expectParameterError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;
type Tag = { id: number; tag_name: string; status: number };

describe('GSL tags over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let cards: Card[];

  const listTags = async (query: Body = {}) => {
    const body = bodyOf(await client.send<Body>('GET', '/v1/tags', { queryParams: { limit: 500, ...query } }));
    expect(gslContract.responseErrors('ListTags', 200, body)).toEqual([]);
    return body as { count: number; tags: Tag[] };
  };
  const createTag = (tag_name: string) => client.send<Body>('POST', '/v1/tags', { data: { tag_name } });
  // The body is a bare JSON Boolean, onto which the SDK core cannot copy response headers.
  const batchSet = (data: Body) => client.send<unknown>('POST', '/v1/sim-tags/batch-set', { data, responseHeaders: [] });

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    cards = [...server.simulator.fleet.allCards()].filter((c) => c.accountId === acme.id).slice(0, 3);
  });
  afterAll(() => server?.close());

  it('creates a tag, sets it on cards, and finds those cards with the same id in ListSimCards', async () => {
    const created = bodyOf(await createTag('sim-test-fleet')) as Tag;
    expect(gslContract.responseErrors('CreateTag', 200, created)).toEqual([]);
    expect(created).toMatchObject({ tag_name: 'sim-test-fleet', status: 0 });
    expect((await listTags({ tag_name: 'sim-test' })).tags).toEqual([created]);

    const set = await batchSet({ sim_card_ids: cards.map((c) => c.id), tag_ids: [created.id] });
    expect(set).toEqual({ httpStatusCode: 200 });
    expect((await listTags({ tag_name: 'sim-test' })).tags).toEqual([{ ...created, status: 1 }]);
    const page = await client.listSimCards({ tag_id: [created.id], limit: 10 });
    expect(page.sim_cards.map((c) => c.sim_card_id).sort()).toEqual(cards.map((c) => c.id).sort());
    expect(page.sim_cards[0]!['tag_names']).toBe('sim-test-fleet');
  });

  it('refuses an invalid or duplicate name with the tag errors', async () => {
    const invalid = await expectGslError(createTag('a,b'), 'GSL.00022001');
    expect(invalid.errorMsg).toBe('标签名称不合法,请检查!');
    await createTag('sim-dup');
    const dup = await expectGslError(createTag('sim-dup'), 'GSL.00022002');
    expect(dup.errorMsg).toBe('标签名称已存在,请重新输入!');
  });

  it('answers parameter errors of the tag APIs with their own code, GSL.00020004', async () => {
    const missing = await expectParameterError(
      client,
      client.send('POST', '/v1/tags', { data: {} }),
      'tag_name is required',
      'GSL.00020004',
    );
    expect(missing.errorMsg).toBe('参数异常');
    await expectParameterError(
      client,
      client.send('GET', '/v1/tags', { queryParams: { limit: 5 } }),
      'limit must be >= 10',
      'GSL.00020004',
    );
  });

  it("answers GSL.00020003 (the tag APIs' system busy) when the tag service fails", async () => {
    server.simulator.faults.add({ vendor: 'huawei', action: 'CreateTag', effect: { kind: 'http', status: 500 }, times: 1 });
    await expectGslError(createTag('sim-busy'), 'GSL.00020003');
    // Other operations' failures keep GSL's general code.
    server.simulator.faults.add({ vendor: 'huawei', action: 'ShowSimCard', effect: { kind: 'http', status: 500 }, times: 1 });
    await expectGslError(client.showSimCard(cards[0]!.id), 'GSL.00010003');
  });

  it('lets a user hold 10000 tags and refuses the next with GSL.00022003', async () => {
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    const have = (await listTags()).count;
    // The world already holds the account's other tags: declared as a scenario would, not over 10000 calls.
    for (let i = have; i < 9_999; i++) server.simulator.fleet.tagBook.declare(acme.id, `bulk-${i}`);
    expect(bodyOf(await createTag('the-10000th'))).toMatchObject({ tag_name: 'the-10000th' });
    expect((await listTags()).count).toBe(10_000);
    await expectGslError(createTag('one-too-many'), 'GSL.00022003');
    for (let i = have; i < 9_999; i++) server.simulator.fleet.tagBook.forget(acme.id, `bulk-${i}`);
  });

  it('refuses batches that break the limits, with GSL.00016051..54', async () => {
    const tag = bodyOf(await createTag('sim-limits')) as Tag;
    const ids = Array.from({ length: 11 }, (_, i) => i + 1);
    await expectGslError(batchSet({ sim_card_ids: Array.from({ length: 501 }, (_, i) => i + 1), tag_ids: [tag.id] }), 'GSL.00016051');
    await expectGslError(batchSet({ sim_card_ids: [cards[0]!.id], tag_ids: ids }), 'GSL.00016052');
    await expectGslError(batchSet({ sim_card_ids: [cards[0]!.id], tag_ids: [tag.id + 1] }), 'GSL.00016053');
    await expectGslError(batchSet({ iccids: [cards[0]!.iccid, cards[0]!.iccid], tag_ids: [tag.id] }), 'GSL.00016054');
    // A console upload (file_temp_id) the simulator does not hold.
    const upload = await expectGslError(batchSet({ file_temp_id: 4710226018477568, tag_ids: [tag.id] }), 'GSL.00012016');
    expect(upload.errorMsg).toBe('SIM card file does not exist, please cheak!');
  });

  it('deletes a tag from the list and from every card', async () => {
    const tag = (await listTags({ tag_name: 'sim-test-fleet' })).tags[0]!;
    const deleted = await client.send<Body>('DELETE', '/v1/tags/{tag_id}', { pathParams: { tag_id: tag.id } });
    expect(deleted.httpStatusCode).toBe(200);
    expect((await listTags({ tag_name: 'sim-test-fleet' })).count).toBe(0);
    expect(cards.every((c) => !c.tags.includes('sim-test-fleet'))).toBe(true);
    const again = await expectGslError(client.send('DELETE', '/v1/tags/{tag_id}', { pathParams: { tag_id: tag.id } }), 'GSL.00022004');
    expect(again.errorMsg).toBe('登录用户没有标签的访问权限。');
  });
});
