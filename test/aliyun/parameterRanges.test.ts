import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

interface PopCoreError extends Error {
  code: string;
  data: Record<string, unknown>;
  entry: { response: { statusCode: number } };
}

/** Issue 14 item 10: numbers as the vendors' Java backends read them, lengths as bounded. */
describe('parameter ranges and lengths, through the official SDKs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 } });
  });
  afterAll(() => server?.close());

  const linkcard = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('the SDK should have thrown'),
      (e: unknown) => e as PopCoreError,
    );

  it('Alibaba: PageNo=1e308, 0x1, 1.0, a 20-digit number are InvalidParameter naming PageNo', async () => {
    for (const PageNo of ['1e308', '0x1', '1.0', ' 1', '99999999999999999999', '99999999999']) {
      const err = await failure(linkcard().request('ListCardInfo', { PageNo, PageSize: 10 }, { method: 'POST' }));
      expect([PageNo, err.code, err.entry.response.statusCode, err.data['Message']]).toEqual([
        PageNo,
        'InvalidParameter',
        400,
        'Specified parameter PageNo is not valid.',
      ]);
    }
    expect(
      (await linkcard().request<Record<string, unknown>>('ListCardInfo', { PageNo: '+1', PageSize: 10 }, { method: 'POST' }))['Code'],
    ).toBe('200');
  });

  it('Alibaba: a 200 KB tag name is refused and nothing is stored', async () => {
    const card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'acme')!;
    const before = [...card.tags];
    const err = await failure(
      linkcard().request('AddTagsToCard', { Iccid: card.iccid, TagNameList: JSON.stringify(['t'.repeat(200 * 1024)]) }, { method: 'POST' }),
    );
    expect([err.code, err.entry.response.statusCode]).toEqual(['InvalidParameter', 400]);
    expect(server.simulator.fleet.cardWithIccid(card.iccid)!.tags).toEqual(before);
    const ok = await linkcard().request<Record<string, unknown>>(
      'AddTagsToCard',
      { Iccid: card.iccid, TagNameList: JSON.stringify(['t'.repeat(64)]) },
      { method: 'POST' },
    );
    expect(ok['Code']).toBe('200');
  });

  it('Huawei: limit=0x10, offset=1e308 and 20-digit ids are GSL.00010004 naming the parameter', async () => {
    const client = GslLikeClient.withKeys(server.url, HUAWEI);
    for (const [query, name] of [
      [{ limit: '0x10' }, 'limit'],
      [{ offset: '1e308' }, 'offset'],
      [{ limit: '10.0' }, 'limit'],
      [{ tag_id: '99999999999999999999' }, 'tag_id'],
    ] as const) {
      const err = await sdkError(client.listSimCards(query));
      // The published text (参数异常); the parameter is named in X-Sim-Error-Detail.
      expect([err.httpStatusCode, err.errorCode, err.errorMsg, client.lastErrorDetail]).toEqual([
        400,
        'GSL.00010004',
        '参数异常',
        expect.stringContaining(name),
      ]);
    }
    expect((await client.listSimCards({ limit: '10' })).httpStatusCode).toBe(200);
  });
});
