import dyiotapiClient, { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import openApiClient, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cjsDefault } from './aliyun/helpers/cjs.js';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * The SDKs sign with the wall clock; the simulated clock is the fleet's. After the README's own
 * `+30d`, every official SDK must still be served, and only when asked (signatureClock
 * 'simulated') are its signatures judged by the simulated clock, and refused as expired.
 */
const OpenApi = cjsDefault(openApiClient);
const Dyiotapi = cjsDefault(dyiotapiClient);
const PINNED = '89860012345678901234';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function control(method: string, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.url}/_sim${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const calls = {
  popcore: () =>
    new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' }).request<any>(
      'ListCardInfo',
      { PageNo: 1, PageSize: 10 },
      { method: 'POST' },
    ),
  acs3: () =>
    new OpenApi(new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' })).callApi(
      new Params({
        action: 'GetCardDetail',
        version: '2021-05-20',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new OpenApiRequest({ query: { Iccid: PINNED } }),
      new RuntimeOptions({}),
    ),
  dyiotapi: () =>
    new Dyiotapi(
      new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
    ).queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: PINNED })),
  huawei: () => GslLikeClient.withKeys(server.url, HUAWEI).listSimCards(),
};

describe('signature timestamps against the wall clock (the default)', () => {
  it('serves every official SDK after the simulated clock moved 30 days on', async () => {
    const before = server.simulator.clock.now();
    expect((await control('POST', '/clock/advance', { by: '+30d' })).status).toBe(200);
    expect(server.simulator.clock.now() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(server.simulator.settings.signatureClock).toBe('wall');

    expect((await calls.popcore())['Code']).toBe('200');
    const acs3 = (await calls.acs3()) as { statusCode: number; body: Record<string, any> };
    expect([acs3.statusCode, acs3.body['Data'].VsimCardInfo.Iccid]).toEqual([200, PINNED]);
    const flow = (await calls.dyiotapi()).body;
    expect([flow?.code, flow?.cardFlowInfos?.cardFlowInfo?.length]).toEqual(['OK', 1]);
    expect((await calls.huawei()).httpStatusCode).toBe(200);
  });

  it("refuses them as expired once PATCH /_sim/settings asks for the simulated clock, and serves them again after 'wall'", async () => {
    expect((await control('PATCH', '/settings', { signatureClock: 'simulated' })).json.signatureClock).toBe('simulated');
    try {
      expect(((await calls.popcore().catch((err: unknown) => err)) as { code?: string }).code).toBe('InvalidTimeStamp.Expired');
      expect(((await calls.acs3().catch((err: unknown) => err)) as { code?: string }).code).toBe('InvalidTimeStamp.Expired');
      expect(((await calls.dyiotapi().catch((err: unknown) => err)) as { code?: string }).code).toBe('InvalidTimeStamp.Expired');
      const huawei = await sdkError(calls.huawei());
      expect([huawei.httpStatusCode, huawei.errorCode]).toEqual([401, 'APIGW.0303']);
      expect(huawei.errorMsg).toMatch(
        /^Incorrect app authentication information: signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/,
      );
    } finally {
      expect((await control('PATCH', '/settings', { signatureClock: 'wall' })).status).toBe(200);
    }
    expect((await calls.popcore())['Code']).toBe('200');
    expect((await calls.huawei()).httpStatusCode).toBe(200);
  });

  it('refuses an unknown signature clock and changes nothing', async () => {
    const refused = await control('PATCH', '/settings', { signatureClock: 'sundial', journalLimit: 5 });
    expect([refused.status, refused.json.error.code, refused.json.error.message]).toEqual([
      400,
      'InvalidSetting',
      'signatureClock: must be one of "wall", "simulated", got "sundial"',
    ]);
    expect(server.simulator.settings).toMatchObject({ signatureClock: 'wall', journalLimit: 1000 });
  });
});
