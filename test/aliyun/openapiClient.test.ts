import openApiClient, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract } from './helpers/contract.js';

const OpenApi = cjsDefault(openApiClient);
type OpenApi = InstanceType<typeof OpenApi>;

/** What the Tea clients throw for HTTP ≥ 400 (sdk-wire-behaviour.md §3.4). */
interface TeaError extends Error {
  code: string;
  statusCode: number;
  data: Record<string, any>;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

type Algorithm = 'ACS3-HMAC-SHA256' | 'v2';

function client(algorithm: Algorithm | undefined, credentials: { accessKeyId: string; accessKeySecret: string } = ALIYUN): OpenApi {
  return new OpenApi(
    new Config({ ...credentials, endpoint: server.hostPort, protocol: 'http', ...(algorithm ? { signatureAlgorithm: algorithm } : {}) }),
  );
}

function params(action: string, method: 'GET' | 'POST' = 'POST', version = '2021-05-20', authType: 'AK' | 'Anonymous' = 'AK'): Params {
  return new Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method,
    authType,
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

async function callApi(
  api: OpenApi,
  action: string,
  request: { query?: Record<string, string>; body?: Record<string, string> },
  method: 'GET' | 'POST' = 'POST',
  version?: string,
): Promise<Record<string, any>> {
  const result = (await api.callApi(params(action, method, version), new OpenApiRequest(request), new RuntimeOptions({}))) as {
    statusCode: number;
    body: Record<string, any>;
  };
  expect(result.statusCode).toBe(200);
  return expectContract(action, 200, result.body);
}

async function teaFailure(promise: Promise<unknown>, action = 'ListCardInfo'): Promise<TeaError> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as TeaError | undefined;
  expect(err, 'the SDK should have thrown').toBeInstanceOf(Error);
  const { statusCode, ...body } = err!.data;
  expect(statusCode).toBe(err!.statusCode);
  expectContract(action, err!.statusCode, body);
  return err!;
}

const pinned = '89860012345678901234';

describe.each<[string, Algorithm | undefined]>([
  ['ACS3 (the default)', undefined],
  ['v2 RPC (HMAC-SHA1)', 'v2'],
])('@alicloud/openapi-client callApi, %s', (_label, algorithm) => {
  it('lists cards with parameters in the query', async () => {
    const body = await callApi(client(algorithm), 'ListCardInfo', { query: { PageNo: '1', PageSize: '10', Iccid: pinned } });
    expect(body['Data']).toMatchObject({ Total: 1, PageCount: 1, List: [{ Iccid: pinned, Vendor: 'CUCC' }] });
  });

  it('lists cards with parameters in a form body', async () => {
    const body = await callApi(client(algorithm), 'ListCardInfo', { body: { PageNo: '2', PageSize: '15' } });
    const total = server.simulator.fleet.query({ accountId: 'acme' }, 0, 0).total;
    expect(body['Data']).toMatchObject({ PageNo: 2, PageSize: 15, Total: total, PageCount: Math.ceil(total / 15) });
    expect(body['Data'].List).toHaveLength(15);
  });

  it('answers GET as well', async () => {
    const body = await callApi(client(algorithm), 'GetCardDetail', { query: { Iccid: pinned } }, 'GET');
    expect(body['Data'].VsimCardInfo.Iccid).toBe(pinned);
  });

  it('throws Tea errors carrying the status and the vendor code', async () => {
    const wrong = await teaFailure(
      client(algorithm, { accessKeyId: ALIYUN.accessKeyId, accessKeySecret: 'wrong' }).callApi(
        params('ListCardInfo'),
        new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
        new RuntimeOptions({}),
      ),
    );
    expect([wrong.statusCode, wrong.code]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(wrong.data['Message']).toContain('server string to sign is:');
    const unknown = await teaFailure(
      client(algorithm, { accessKeyId: 'nobody', accessKeySecret: 'x' }).callApi(
        params('ListCardInfo'),
        new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
        new RuntimeOptions({}),
      ),
    );
    expect([unknown.statusCode, unknown.code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
    const disabled = await teaFailure(
      client(algorithm, { accessKeyId: 'testDisabledKeyId', accessKeySecret: 'testDisabledKeySecret' }).callApi(
        params('ListCardInfo'),
        new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
        new RuntimeOptions({}),
      ),
    );
    expect([disabled.statusCode, disabled.code]).toEqual([400, 'InvalidAccessKeyId.Inactive']);
    const missing = await teaFailure(
      client(algorithm).callApi(params('ListCardInfo'), new OpenApiRequest({ query: { PageSize: '10' } }), new RuntimeOptions({})),
    );
    expect([missing.statusCode, missing.code]).toEqual([400, 'MissingParameter']);
    expect(missing.message).toContain('"PageNo"');
    const action = await teaFailure(client(algorithm).callApi(params('NoSuchAction'), new OpenApiRequest({}), new RuntimeOptions({})));
    expect([action.statusCode, action.code]).toEqual([404, 'InvalidAction.NotFound']);
    const version = await teaFailure(
      client(algorithm).callApi(params('ListCardInfo', 'POST', '2099-01-01'), new OpenApiRequest({}), new RuntimeOptions({})),
    );
    expect([version.statusCode, version.code]).toEqual([400, 'InvalidVersion']);
    const card = await teaFailure(
      client(algorithm).callApi(
        params('GetCardDetail'),
        new OpenApiRequest({ query: { Iccid: '89860000000000000000' } }),
        new RuntimeOptions({}),
      ),
      'GetCardDetail',
    );
    expect([card.statusCode, card.code, card.data['Success']]).toEqual([400, 'InvalidIccid.NotFound', false]);
    // authType Anonymous (the SDK's setting for APIs that need no key) sends the call unsigned.
    const anonymous = await teaFailure(
      client(algorithm).callApi(
        params('ListCardInfo', 'POST', '2021-05-20', 'Anonymous'),
        new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
        new RuntimeOptions({}),
      ),
    );
    expect([anonymous.statusCode, anonymous.code]).toEqual([400, 'IncompleteSignature']);
    expect(anonymous.data['Message']).toMatch(
      /^The request signature does not conform to Aliyun standards\. server string to sign is: POST&%2F&/,
    );
    // Checked against the simulated clock when asked (the wall clock by default: signatureClock.sdk.test.ts).
    server.simulator.settings.signatureClock = 'simulated';
    server.simulator.clock.advance(-20 * 60_000);
    try {
      const stale = await teaFailure(
        client(algorithm).callApi(
          params('ListCardInfo'),
          new OpenApiRequest({ query: { PageNo: '1', PageSize: '10' } }),
          new RuntimeOptions({}),
        ),
      );
      expect([stale.statusCode, stale.code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    } finally {
      server.simulator.clock.advance(20 * 60_000);
      server.simulator.settings.signatureClock = 'wall';
    }
  });
});
