import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '../../simulator/huawei/contract.js';
import type { Card } from '../../src/fleet/model.js';
import { GslLikeClient, sdkError, type SdkResult, bodyOf } from '../helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '../helpers/server.js';

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
    const acme = server.simulator.fleet.huaweiAk(HUAWEI.ak)!.account;
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
    const invalid = await sdkError(createTag('a,b'));
    expect(invalid).toMatchObject({ httpStatusCode: 400, errorCode: 'GSL.00022001', errorMsg: 'The tag name is invalid. Please check it.' });
    await createTag('sim-dup');
    const dup = await sdkError(createTag('sim-dup'));
    expect(dup).toMatchObject({ httpStatusCode: 400, errorCode: 'GSL.00022002', errorMsg: 'The tag name already exists. Please enter another one.' });
    expect(dup.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses batches that break the limits, with GSL.00016051..54', async () => {
    const tag = bodyOf(await createTag('sim-limits')) as Tag;
    const ids = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(await sdkError(batchSet({ sim_card_ids: Array.from({ length: 501 }, (_, i) => i + 1), tag_ids: [tag.id] }))).toMatchObject({ errorCode: 'GSL.00016051' });
    expect(await sdkError(batchSet({ sim_card_ids: [cards[0]!.id], tag_ids: ids }))).toMatchObject({ errorCode: 'GSL.00016052' });
    expect(await sdkError(batchSet({ sim_card_ids: [cards[0]!.id], tag_ids: [tag.id + 1] }))).toMatchObject({ errorCode: 'GSL.00016053' });
    expect(await sdkError(batchSet({ iccids: [cards[0]!.iccid, cards[0]!.iccid], tag_ids: [tag.id] }))).toMatchObject({ errorCode: 'GSL.00016054' });
  });

  it('deletes a tag from the list and from every card', async () => {
    const tag = (await listTags({ tag_name: 'sim-test-fleet' })).tags[0]!;
    const deleted = await client.send<Body>('DELETE', '/v1/tags/{tag_id}', { pathParams: { tag_id: tag.id } });
    expect(deleted.httpStatusCode).toBe(200);
    expect((await listTags({ tag_name: 'sim-test-fleet' })).count).toBe(0);
    expect(cards.every((c) => !c.tags.includes('sim-test-fleet'))).toBe(true);
    const again = await sdkError(client.send('DELETE', '/v1/tags/{tag_id}', { pathParams: { tag_id: tag.id } }));
    expect(again).toMatchObject({ httpStatusCode: 400, errorCode: 'GSL.00022004', errorMsg: 'The user has no permission to access the tag.' });
  });
});
