import RPCClient from '@alicloud/pop-core';
import * as dy from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract, plainNumbers } from './helpers/contract.js';

/** The gateway's flow control, outages, RAM and Dyiotapi's isv.* codes, each provoked by its situation. */
const Dyiotapi = cjsDefault(dy.default);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const RAM = { accessKeyId: 'testRamReadOnlyKeyId', accessKeySecret: 'testRamReadOnlyKeySecret' };
const INITECH = { accessKeyId: 'initechAccessKeyId', accessKeySecret: 'initechAccessKeySecret' };
const PINNED = '89860012345678901234';

const linkcard = (credentials: { accessKeyId: string; accessKeySecret: string } = ALIYUN) =>
  new RPCClient({ ...credentials, endpoint: server.url, apiVersion: '2021-05-20' });

async function popError(promise: Promise<unknown>, action: string, status: number): Promise<{ code: string }> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; data: unknown; entry: { response: { statusCode: number } } } | undefined;
  expect(err).toBeInstanceOf(Error);
  expect(err!.entry.response.statusCode).toBe(status);
  expectContract(action, status, plainNumbers(err!.data));
  return err!;
}

type Credentials = { accessKeyId: string; accessKeySecret: string };
type DyiotapiClient = InstanceType<typeof Dyiotapi>;

/**
 * The 2022 generated client, with each raw body it receives kept beside the action it called:
 * its models drop fields they do not know, so only the raw body shows the wire shape.
 */
function dyiotapi(credentials: Credentials): { client: DyiotapiClient; raw: Array<{ action: string; body: unknown }> } {
  const client = new Dyiotapi(
    new Config({ ...credentials, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
  );
  const raw: Array<{ action: string; body: unknown }> = [];
  const doRPCRequest = client.doRPCRequest.bind(client);
  client.doRPCRequest = async (...args: Parameters<typeof doRPCRequest>) => {
    const response = await doRPCRequest(...args);
    raw.push({ action: args[0], body: response['body'] });
    return response;
  };
  return { client, raw };
}

/** Dyiotapi business errors come back in the body (HTTP 200): the code, its raw body checked. */
async function dyCode(
  credentials: Credentials,
  run: (c: DyiotapiClient) => Promise<{ body: { code?: string } }>,
): Promise<string | undefined> {
  const { client, raw } = dyiotapi(credentials);
  const code = (await run(client)).body.code;
  expect(raw).toHaveLength(1);
  const { action, body } = raw[0]!;
  expectContract(action, 200, body);
  expect((body as { Code?: string }).Code).toBe(code);
  return code;
}

describe('gateway situations', () => {
  it('Throttling.User past the per-second limit of one API, counted on the simulated clock', async () => {
    server.simulator.clock.freeze();
    try {
      server.simulator.settings.aliyunRequestsPerSecond = 3;
      for (let i = 0; i < 3; i++) await linkcard().request('GetCardLatestFlow', { Iccid: PINNED }, { method: 'POST' });
      expect(
        (await popError(linkcard().request('GetCardLatestFlow', { Iccid: PINNED }, { method: 'POST' }), 'GetCardLatestFlow', 400)).code,
      ).toBe('Throttling.User');
      // Another API, or the next second, is not throttled.
      await linkcard().request('VerifyIotCard', { Iccid: PINNED }, { method: 'POST' });
      server.simulator.clock.advance(1000);
      await linkcard().request('GetCardLatestFlow', { Iccid: PINNED }, { method: 'POST' });
    } finally {
      server.simulator.settings.aliyunRequestsPerSecond = 20;
      server.simulator.clock.resume();
    }
  });

  it('ServiceUnavailable while a product is down', async () => {
    server.simulator.settings.aliyunUnavailableProducts = ['linkcard'];
    try {
      expect((await popError(linkcard().request('GetCardDetail', { Iccid: PINNED }, { method: 'POST' }), 'GetCardDetail', 503)).code).toBe(
        'ServiceUnavailable',
      );
    } finally {
      server.simulator.settings.aliyunUnavailableProducts = [];
    }
  });

  it('Forbidden.RAM for a RAM user key calling an action outside its policy', async () => {
    await linkcard(RAM).request('GetCardDetail', { Iccid: PINNED }, { method: 'POST' });
    expect(
      (await popError(linkcard(RAM).request('StopSingleCard', { Iccid: PINNED }, { method: 'POST' }), 'StopSingleCard', 403)).code,
    ).toBe('Forbidden.RAM');
  });
});

describe('Dyiotapi isv.* situations (business errors set to HTTP 200)', () => {
  // The situations, read as public clients of the live service read them: Code in a 200 body.
  beforeAll(() => {
    server.simulator.settings.dyiotapiBusinessErrorStatus = 200;
  });
  afterAll(() => {
    server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
  });

  it('isv.RES_OWNER_ID_UNKNOWN when OwnerId is not the account uid', async () => {
    expect(await dyCode(ALIYUN, (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED, ownerId: 1234567890123456 })))).toBe(
      'OK',
    );
    expect(await dyCode(ALIYUN, (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED, ownerId: 2234567890123456 })))).toBe(
      'isv.RES_OWNER_ID_UNKNOWN',
    );
  });

  it('isv.PRODUCT_UN_SUBSCRIPT for an account that has opened linkcard only', async () => {
    expect(await dyCode(INITECH, (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED })))).toBe('isv.PRODUCT_UN_SUBSCRIPT');
    expect(
      (await linkcard(INITECH).request<{ Data: { Total: number } }>('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' })).Data
        .Total,
    ).toBe(0);
  });

  it('isv.RAM_PERMISSION_DENY for a RAM user key without the action', async () => {
    expect(await dyCode(RAM, (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED })))).toBe('OK');
    expect(await dyCode(RAM, (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: PINNED })))).toBe('isv.RAM_PERMISSION_DENY');
  });

  it('isv.QUERY_ASSETS_ERROR for the plans of a cancelled card', async () => {
    const card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'acme' && c.state === 'active' && c.iccid !== PINNED)!;
    server.simulator.fleet.forceState(card, 'cancelled', server.simulator.clock.now());
    expect(await dyCode(ALIYUN, (c) => c.queryCardFlowInfo(new dy.QueryCardFlowInfoRequest({ iccid: card.iccid })))).toBe(
      'isv.QUERY_ASSETS_ERROR',
    );
    expect(await dyCode(ALIYUN, (c) => c.queryIotCardOfferDtl(new dy.QueryIotCardOfferDtlRequest({ iccid: card.iccid })))).toBe(
      'isv.QUERY_ASSETS_ERROR',
    );
    expect(await dyCode(ALIYUN, (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: card.iccid })))).toBe('OK');
  });

  it('isv.SYSTEM_ERROR while the card carrier platform is down', async () => {
    server.simulator.settings.aliyunCarrierOutages = ['CUCC'];
    try {
      expect(await dyCode(ALIYUN, (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: PINNED })))).toBe('isv.SYSTEM_ERROR');
    } finally {
      server.simulator.settings.aliyunCarrierOutages = [];
    }
    expect(await dyCode(ALIYUN, (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: PINNED })))).toBe('OK');
  });
});

/** The six codes of Dyiotapi's QueryCardFlowInfo page (vendor-docs/000), status and message as printed there. */
const PUBLISHED: Record<string, { status: number; message: string }> = {
  'isv.RES_OWNER_ID_UNKNOWN': { status: 400, message: 'Can\u2019t found of the card owner.' },
  'isv.PRODUCT_UN_SUBSCRIPT': { status: 400, message: 'The Product need to order,before invoke the API.' },
  'isv.IOT_RES_NOT_EXIST': { status: 400, message: 'Can\u2019t found the card by the iccid number.' },
  'isv.QUERY_ASSETS_ERROR': { status: 400, message: 'Query user infomation of the card response is error.' },
  'isv.RAM_PERMISSION_DENY': { status: 400, message: 'The invoker is permission invoke the API for the card.' },
  'isv.SYSTEM_ERROR': { status: 404, message: 'System error.' },
};

describe('Dyiotapi isv.* codes at their published statuses (the default), thrown by the generated client', () => {
  it("throws each code with its situation, the page's status and its message byte for byte", async () => {
    const fleet = server.simulator.fleet;
    const cancelled = [...fleet.allCards()].find((c) => c.accountId === 'acme' && c.state === 'cancelled')!;
    const ctcc = [...fleet.allCards()].find((c) => c.accountId === 'acme' && c.carrier === 'CTCC')!;
    expect(server.simulator.settings.dyiotapiBusinessErrorStatus).toBe('published');
    const seen = new Map<string, { status: number; message: string }>();
    // The generated client's openapi-client (0.2.1) throws the parsed body as err.data and names
    // the HTTP status only in the message (`<Code>: code: <status>, <Message> request id: …`).
    const thrown = async (credentials: Credentials, action: string, run: (c: DyiotapiClient) => Promise<unknown>) => {
      const { client } = dyiotapi(credentials);
      const err = (await run(client).then(
        () => undefined,
        (e: unknown) => e,
      )) as { code: string; message: string; data: Record<string, unknown> } | undefined;
      expect(err).toBeInstanceOf(Error);
      const status = Number(/^isv\.[A-Z_]+: code: (\d+), /.exec(err!.message)?.[1]);
      expectContract(action, status, err!.data);
      expect(err!.data['Code']).toBe(err!.code);
      expect(Object.keys(err!.data).sort()).toEqual(['Code', 'Message', 'RequestId']);
      seen.set(err!.code, { status, message: err!.data['Message'] as string });
      return err!.code;
    };
    try {
      expect(
        await thrown(ALIYUN, 'QueryCardInfo', (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED, ownerId: 42 }))),
      ).toBe('isv.RES_OWNER_ID_UNKNOWN');
      expect(await thrown(INITECH, 'QueryCardInfo', (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED })))).toBe(
        'isv.PRODUCT_UN_SUBSCRIPT',
      );
      expect(await thrown(RAM, 'DoIotUnbindResume', (c) => c.doIotUnbindResume(new dy.DoIotUnbindResumeRequest({ iccid: PINNED })))).toBe(
        'isv.RAM_PERMISSION_DENY',
      );
      expect(
        await thrown(ALIYUN, 'QueryCardFlowInfo', (c) => c.queryCardFlowInfo(new dy.QueryCardFlowInfoRequest({ iccid: cancelled.iccid }))),
      ).toBe('isv.QUERY_ASSETS_ERROR');
      server.simulator.settings.aliyunCarrierOutages = ['CTCC'];
      expect(await thrown(ALIYUN, 'QueryCardStatus', (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: ctcc.iccid })))).toBe(
        'isv.SYSTEM_ERROR',
      );
      server.simulator.settings.aliyunCarrierOutages = [];
      expect(
        await thrown(ALIYUN, 'QueryCardStatus', (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: '89860000000000000000' }))),
      ).toBe('isv.IOT_RES_NOT_EXIST');
      // Not on the page: ours, at the status of the page's other business rules.
      expect(
        await thrown(ALIYUN, 'DoIotUnbindResume', (c) => c.doIotUnbindResume(new dy.DoIotUnbindResumeRequest({ iccid: PINNED }))),
      ).toBe('isv.IOT_CARD_STATUS_ERROR');
      expect(seen.get('isv.IOT_CARD_STATUS_ERROR')!.status).toBe(400);
      seen.delete('isv.IOT_CARD_STATUS_ERROR');
      expect(Object.fromEntries(seen)).toEqual(PUBLISHED);
    } finally {
      server.simulator.settings.aliyunCarrierOutages = [];
    }
  });

  it('answers every isv.* code with the one status the setting names: 200, 400 or 404', async () => {
    const unknown = (c: DyiotapiClient) => c.queryCardFlowInfo(new dy.QueryCardFlowInfoRequest({ iccid: '89860000000000000000' }));
    try {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 200;
      expect(await dyCode(ALIYUN, unknown)).toBe('isv.IOT_RES_NOT_EXIST');
      for (const status of [400, 404] as const) {
        server.simulator.settings.dyiotapiBusinessErrorStatus = status;
        const err = (await unknown(dyiotapi(ALIYUN).client).then(
          () => undefined,
          (e: unknown) => e,
        )) as { code: string; message: string; data: unknown };
        expect(err.code).toBe('isv.IOT_RES_NOT_EXIST');
        expect(err.message).toMatch(
          new RegExp(`^isv\\.IOT_RES_NOT_EXIST: code: ${status}, Can\u2019t found the card by the iccid number\\. request id: `),
        );
        expectContract('QueryCardFlowInfo', status, err.data);
      }
    } finally {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
    }
  });

  it('takes each value through the control plane, and refuses a status it does not know', async () => {
    const patch = (value: unknown) =>
      fetch(`${server.url}/_sim/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dyiotapiBusinessErrorStatus: value }),
      });
    try {
      for (const value of [200, 400, 404, 'published']) {
        const res = await patch(value);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { dyiotapiBusinessErrorStatus: unknown }).dyiotapiBusinessErrorStatus).toBe(value);
      }
      const refused = await patch(500);
      expect(refused.status).toBe(400);
      expect(server.simulator.settings.dyiotapiBusinessErrorStatus).toBe('published');
    } finally {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
    }
  });

  it('pop-core, which throws on a Code other than OK at any status, gets the same code and message', async () => {
    const client = new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2017-11-11' });
    const err = (await client.request('QueryCardFlowInfo', { Iccid: '89860000000000000000' }, { method: 'POST' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: string; message: string; entry: { response: { statusCode: number } } } | undefined;
    expect(err!.code).toBe('isv.IOT_RES_NOT_EXIST');
    expect(err!.entry.response.statusCode).toBe(400);
    expect(err!.message).toContain('Can\u2019t found the card by the iccid number.');
  });
});
