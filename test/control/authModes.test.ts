import RPCClient from '@alicloud/pop-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());
afterEach(async () => {
  await setAuthMode('strict');
  server.simulator.journal.clear();
});

async function setAuthMode(authMode: string): Promise<void> {
  const res = await fetch(`${server.url}/_sim/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authMode }),
  });
  expect(res.status).toBe(200);
}

const wrongAliyun = () =>
  new RPCClient({ accessKeyId: ALIYUN.accessKeyId, accessKeySecret: 'not-the-secret', endpoint: server.url, apiVersion: '2021-05-20' });
const wrongHuawei = () => GslLikeClient.withKeys(server.url, { ...HUAWEI, sk: 'not-the-sk' });
const lastEntry = () => server.simulator.journal.all().at(-1)!;

describe('auth modes (settings.authMode)', () => {
  it('strict (the default) refuses a bad signature', async () => {
    const err = await wrongAliyun()
      .request('ListCardInfo', { PageNo: 1, PageSize: 10 })
      .then(
        () => undefined,
        (e: { code: string }) => e,
      );
    expect(err?.code).toBe('SignatureDoesNotMatch');
    expect((await sdkError(wrongHuawei().listSimCards({ limit: 10 }))).errorCode).toBe('APIGW.0301');
  });

  it('warn serves a bad signature and journals what would have failed, with the expected string-to-sign', async () => {
    await setAuthMode('warn');
    const served = await wrongAliyun().request<Record<string, any>>('ListCardInfo', { PageNo: 1, PageSize: 10 });
    expect(served['Success']).toBe(true);
    expect(lastEntry()).toMatchObject({ vendor: 'aliyun', account: 'acme', action: 'ListCardInfo', auth: 'failed', status: 200 });
    expect(lastEntry().authError).toMatch(/^SignatureDoesNotMatch: /);
    expect(lastEntry().stringToSign).toMatch(/^GET&%2F&AccessKeyId%3DtestAccessKeyId/);

    const page = await wrongHuawei().listSimCards({ limit: 10 });
    expect(page.httpStatusCode).toBe(200);
    expect(lastEntry()).toMatchObject({ vendor: 'huawei', account: 'acme', action: 'ListSimCards', auth: 'failed', status: 200 });
    expect(lastEntry().authError).toMatch(/^APIGW.0301: /);
    expect(lastEntry().stringToSign).toMatch(/^SDK-HMAC-SHA256\n/);
  });

  it('off skips verification entirely: unsigned requests are served and journalled as skipped', async () => {
    await setAuthMode('off');
    const served = await wrongAliyun().request<Record<string, any>>('ListCardInfo', { PageNo: 1, PageSize: 10 });
    expect(served['Success']).toBe(true);
    expect(lastEntry()).toMatchObject({ auth: 'skipped', status: 200 });
    expect(lastEntry().stringToSign).toBeUndefined();
    const anonymous = GslLikeClient.unsigned(server.url, { 'X-Project-Id': HUAWEI.projectId });
    const page = await anonymous.listSimCards({ limit: 10 });
    expect(page.httpStatusCode).toBe(200);
    expect(lastEntry()).toMatchObject({ vendor: 'huawei', account: 'acme', auth: 'skipped', status: 200 });
  });

  it('a good signature passes in every mode', async () => {
    for (const mode of ['strict', 'warn', 'off']) {
      await setAuthMode(mode);
      await GslLikeClient.withKeys(server.url, HUAWEI).listSimCards({ limit: 10 });
      expect(lastEntry().auth).toBe(mode === 'off' ? 'skipped' : 'passed');
    }
  });
});
