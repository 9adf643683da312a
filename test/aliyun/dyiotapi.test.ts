import dyiotapiClient, { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract } from './helpers/contract.js';

const Dyiotapi = cjsDefault(dyiotapiClient);
type Dyiotapi = InstanceType<typeof Dyiotapi>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/**
 * The generated client, unmodified. Its raw (pre-cast) bodies are recorded on the way past so
 * they can be checked against the contract: the SDK itself hands back camelCase models.
 */
function dyiotapi(credentials: { accessKeyId: string; accessKeySecret: string } = ALIYUN): { client: Dyiotapi; raw: unknown[] } {
  const client = new Dyiotapi(
    new Config({ ...credentials, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
  );
  const raw: unknown[] = [];
  const doRPCRequest = client.doRPCRequest.bind(client);
  client.doRPCRequest = async (...args: Parameters<typeof doRPCRequest>) => {
    const response = await doRPCRequest(...args);
    raw.push(response['body']);
    return response;
  };
  return { client, raw };
}

describe('@alicloud/dyiotapi20171111 queryCardFlowInfo', () => {
  it('returns the pinned card with the documented values, in KB', async () => {
    const { client, raw } = dyiotapi();
    const response = await client.queryCardFlowInfo(
      new QueryCardFlowInfoRequest({ iccid: '89860012345678901234', ownerId: 1234567890123456 }),
    );
    expectContract('QueryCardFlowInfo', 200, raw[0]);
    expect(response.body.code).toBe('OK');
    expect(response.body.message).toBe('OK');
    expect(response.body.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(response.headers['x-acs-request-id']).toBe(response.body.requestId);
    const items = response.body.cardFlowInfos?.cardFlowInfo ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      flowResource: 1048576,
      flowUsed: 0,
      restOfFlow: 1048576,
      smsUsed: 389,
      voiceUsed: 25,
      voiceTotal: 60,
      resName: '物联网-联通-Internet-自定义流量包',
      resourceType: '6700001',
      validDate: '20171106174912',
    });
    expect(items[0]!.expireDate).toMatch(/^\d{14}$/);
  });

  it("throws isv.IOT_RES_NOT_EXIST at HTTP 400 with the published message for an unknown ICCID and another tenant's card", async () => {
    const globexCard = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'globex')!;
    for (const iccid of ['89860000000000000000', globexCard.iccid]) {
      const err = (await dyiotapi()
        .client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }))
        .catch((e: unknown) => e)) as Error & { code: string; data: Record<string, unknown> };
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe('isv.IOT_RES_NOT_EXIST');
      // The client's nested openapi-client 0.2.1 puts the status in the message only.
      expect(err.message).toMatch(/^isv.IOT_RES_NOT_EXIST: code: 400, Can\u2019t found the card by the iccid number\. request id: /);
      expectContract('QueryCardFlowInfo', 400, err.data);
    }
    // globex itself sees the card.
    const { client } = dyiotapi({ accessKeyId: 'globexAccessKeyId', accessKeySecret: 'globexAccessKeySecret' });
    const own = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: globexCard.iccid }));
    expect(own.body.code).toBe('OK');
  });

  it('returns isv.IOT_RES_NOT_EXIST in an HTTP 200 body instead when business errors are set to 200', async () => {
    server.simulator.settings.dyiotapiBusinessErrorStatus = 200;
    try {
      const { client, raw } = dyiotapi();
      const response = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860000000000000000' }));
      expectContract('QueryCardFlowInfo', 200, raw[0]);
      expect(response.body.code).toBe('isv.IOT_RES_NOT_EXIST');
      expect(response.body.message).toBe('Can\u2019t found the card by the iccid number.');
      expect(response.body.cardFlowInfos).toBeUndefined();
    } finally {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
    }
  });

  it('shows a card in its test period the test package (物联网-测试期套餐), not its formal plan', async () => {
    const fleet = server.simulator.fleet;
    const testing = [...fleet.allCards()].find((c) => c.accountId === 'acme' && c.state === 'testing')!;
    const { client, raw } = dyiotapi();
    const response = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: testing.iccid }));
    expectContract('QueryCardFlowInfo', 200, raw[0]);
    expect(response.body.code).toBe('OK');
    const items = response.body.cardFlowInfos?.cardFlowInfo ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]!.resName).toBe('物联网-测试期套餐');
    expect(items[0]!.resName).not.toBe(fleet.plan(testing.planId).name);
    expect(items[0]).toMatchObject({ resourceType: '6700001', flowUsed: 0, flowResource: 30 * 1024, restOfFlow: 30 * 1024 });
    expect(items[0]!.validDate).toMatch(/^\d{14}$/);
    expect(items[0]!.expireDate).toMatch(/^\d{14}$/);
  });

  it('answers OK with an empty list for a card with no current resource (silent, or shut down at expiry)', async () => {
    const fleet = server.simulator.fleet;
    for (const state of ['silent', 'shutDown'] as const) {
      const card = [...fleet.allCards()].find((c) => c.accountId === 'acme' && c.state === state)!;
      expect(card, state).toBeDefined();
      const { client, raw } = dyiotapi();
      const response = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: card.iccid }));
      expectContract('QueryCardFlowInfo', 200, raw[0]);
      expect(response.body.code).toBe('OK');
      expect(raw[0]).toMatchObject({ CardFlowInfos: { CardFlowInfo: [] } });
      expect(response.body.cardFlowInfos?.cardFlowInfo ?? []).toEqual([]);
    }
  });

  it('throws for gateway errors (HTTP 4xx) with the vendor code', async () => {
    const { client } = dyiotapi({ accessKeyId: ALIYUN.accessKeyId, accessKeySecret: 'wrong' });
    const err = (await client
      .queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860012345678901234' }))
      .catch((e: unknown) => e)) as Error & {
      code: string;
      data: Record<string, unknown>;
    };
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.message).toMatch(/^SignatureDoesNotMatch: code: 400, Specified signature is not matched/);
    expectContract('QueryCardFlowInfo', 400, err.data);
    const missing = (await dyiotapi()
      .client.queryCardFlowInfo(new QueryCardFlowInfoRequest({}))
      .catch((e: unknown) => e)) as Error & { code: string };
    expect(missing.code).toBe('MissingParameter');
    expect(missing.message).toContain('"Iccid"');
  });
});
