import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUAWEI_ERRORS } from '#simulator/huawei/errors.js';
import { controlContract } from '#src/control/contract.js';
import type { Card } from '#src/fleet/model.js';
import { expectParameterError, expectSdkException, GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * The GSL error texts the vendor's page (vendor-docs/002_819891c257513d5b.txt) and the per-API
 * pages publish, byte for byte: ASCII commas, full-width stops, as printed. A client that matches
 * on error_msg must meet the same bytes here as against the real service.
 */
const PUBLISHED = {
  'GSL.00010004': '参数异常',
  'GSL.00016016': '5分钟内不允许重复操作,请稍作等待。',
  'GSL.00016010': '您操作的卡仍有未完成的停机受理单,请勿重复操作。',
  'GSL.00010003': '系统繁忙,请稍后重试。',
  'GSL.00016015': '您操作的卡仍有未完成的激活受理单,请勿重复操作。',
  'GSL.00011004': '账期不合法,请检查!',
  'GSL.00010001': '请求携带的token无效。',
  'GSL.00020003': '系统繁忙,请稍后重试。',
  'GSL.00020004': '参数异常',
  'GSL.00022001': '标签名称不合法,请检查!',
  'GSL.00022002': '标签名称已存在,请重新输入!',
  'GSL.00022003': '登录用户最多可以创建10000个标签。',
  'GSL.00022004': '登录用户没有标签的访问权限。',
} as const;

describe('GSL error_msg as published, with the detail beside it (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let accountId: string;

  beforeAll(async () => {
    server = await startTestServer({ settings: { signatureWindowMs: 24 * 60 * 60_000 } });
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    accountId = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account.id;
  });
  afterAll(() => server?.close());

  function activeCards(count: number): Card[] {
    return [...server.simulator.fleet.allCards()]
      .filter((c) => c.accountId === accountId && c.state === 'active' && c.simKind === 'physical')
      .slice(-count);
  }
  const post = (op: string, id: number) =>
    client.send('POST', `/v1/sim-cards/{sim_card_id}/${op}`, { pathParams: { sim_card_id: id }, data: {} });

  it('keeps the catalogue on the published bytes', () => {
    for (const [code, text] of Object.entries(PUBLISHED)) expect(HUAWEI_ERRORS[code as keyof typeof PUBLISHED].message, code).toBe(text);
  });

  it("answers the page's four examples through the SDK: 参数异常, 5 minutes, unfinished stop, system busy", async () => {
    await expectParameterError(client, client.listSimCards({ limit: 9 }), /^limit /);

    const [card] = activeCards(1);
    await client.send('POST', '/v1/sim-cards/{sim_card_id}/stop', { pathParams: { sim_card_id: card!.id }, data: {} });
    expectSdkException(await sdkError(post('stop', card!.id)), 403, 'GSL.00016016', PUBLISHED['GSL.00016016']);
    // The published text is generic; the header says which order holds the card back, and until when.
    expect(client.lastErrorDetail).toMatch(/^stop work order \d+ of this card was filed at \S+Z; again from \S+Z$/);
    expectSdkException(await sdkError(post('reset', card!.id)), 403, 'GSL.00016010', PUBLISHED['GSL.00016010']);
    expect(client.lastErrorDetail).toMatch(/^stop work order \d+ of this card is unfinished$/);

    server.simulator.settings.huaweiCarrierOutages = [card!.carrier];
    try {
      const [other] = activeCards(2).filter((c) => c.carrier === card!.carrier && c.id !== card!.id);
      expectSdkException(await sdkError(post('stop', other?.id ?? card!.id)), 500, 'GSL.00010003', PUBLISHED['GSL.00010003']);
      expect(client.lastErrorDetail).toBe(`the ${card!.carrier} platform is down (settings.huaweiCarrierOutages)`);
    } finally {
      server.simulator.settings.huaweiCarrierOutages = [];
    }
  });

  it('journals the detail of a parameter error, and sends none where the published text says it all', async () => {
    server.simulator.journal.clear();
    await expectParameterError(client, client.showSimCard(0), 'iccid is required when sim_card_id is 0');
    const [entry] = server.simulator.journal.all();
    expect(entry).toMatchObject({
      action: 'ShowSimCard',
      status: 400,
      errorCode: 'GSL.00010004',
      errorDetail: 'iccid is required when sim_card_id is 0',
    });
    // The control plane serves it, within its contract.
    const res = await fetch(`${server.url}/_sim/journal?errorCode=GSL.00010004`);
    const page = (await res.json()) as { entries: Array<Record<string, unknown>> };
    expect(controlContract.responseErrors('ListJournal', 200, page)).toEqual([]);
    expect(page.entries.map((e) => e['errorDetail'])).toEqual(['iccid is required when sim_card_id is 0']);

    // A success carries no detail, and neither does an error whose published text is specific.
    await client.listSimCards();
    expect(client.lastErrorDetail).toBeUndefined();
    expect((await sdkError(client.showSimCard(987654321))).errorCode).toBe('GSL.00011001');
    expect(client.lastErrorDetail).toBeUndefined();
    expect(server.simulator.journal.all().at(-1)!.errorDetail).toBeUndefined();
  });
});
