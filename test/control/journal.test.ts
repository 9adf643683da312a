import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

const ICCID = '89860012345678901234';
const IAM_USER = { domain: 'acme-iot', name: 'acme-dev', password: 'Sim@2026-dev' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock: { frozen: true }, settings: { aliyunRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());
beforeEach(() => {
  server.simulator.journal.clear();
  server.simulator.settings.journalLimit = 1000;
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/_sim${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

async function journal(query = ''): Promise<Record<string, any>> {
  const res = await call('GET', `/journal${query}`);
  expect(res.status).toBe(200);
  expect(controlContract.responseErrors('ListJournal', 200, res.body)).toEqual([]);
  return res.body;
}

const linkcard = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
const gsl = () => GslLikeClient.withKeys(server.url, HUAWEI);

describe('the request journal', () => {
  it('records each vendor request: who, what, auth, status, error code, latency', async () => {
    await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    await linkcard()
      .request('GetCardDetail', { Iccid: '89860000000000000000' })
      .catch(() => undefined);
    await gsl().listSimCards({ limit: 10 });
    const page = await journal();
    expect(page.total).toBe(3);
    const [list, detail, sims] = page.entries;
    expect(list).toMatchObject({
      vendor: 'aliyun',
      account: 'acme',
      action: 'ListCardInfo',
      auth: 'passed',
      status: 200,
      method: 'GET',
      path: '/',
    });
    expect(list.time).toBe(server.simulator.clock.date().toISOString());
    expect(list.errorCode).toBeUndefined();
    expect(list.latencyMs).toBeGreaterThanOrEqual(0);
    expect(detail).toMatchObject({ vendor: 'aliyun', action: 'GetCardDetail', status: 400, errorCode: 'InvalidIccid.NotFound' });
    expect(sims).toMatchObject({
      vendor: 'huawei',
      account: 'acme',
      action: 'ListSimCards',
      auth: 'passed',
      status: 200,
      path: '/v1/sim-cards',
    });
    expect(sims.id).toBeGreaterThan(list.id);
  });

  it("records what verify grades: declared parameters, unknown names, a listing's total, wall-clock arrival; never a signing parameter", async () => {
    const before = Date.now();
    await linkcard().request('ListCardInfo', { PageNo: 2, PageSize: 10, PageSzie: 40 });
    await gsl().listSimCards({ limit: 10, offset: 3, limt: 5 } as never);
    const { entries } = await journal();
    const [list, sims] = entries;
    expect(list.params).toEqual({ PageNo: 2, PageSize: 10 });
    expect(list.unknownParams).toEqual(['PageSzie']);
    expect(list.total).toBe(server.simulator.fleet.query({ accountId: 'acme' }, 0, 1).total);
    // As validated: the contract's defaults filled in (order), numbers as numbers.
    expect(sims.params).toMatchObject({ limit: 10, offset: 3 });
    expect(sims.params).not.toHaveProperty('limt');
    expect(sims.unknownParams).toEqual(['limt']);
    expect(sims.total).toBe(list.total);
    for (const entry of entries) {
      expect(entry.receivedAt).toBeGreaterThanOrEqual(before);
      expect(entry.receivedAt).toBeLessThanOrEqual(Date.now());
      expect(JSON.stringify(entry)).not.toMatch(/Signature|AccessKeyId|SignatureNonce|Timestamp|testAccessKey/);
    }
  });

  it('records a refused signature with the string-to-sign the server expected', async () => {
    const wrong = new RPCClient({
      accessKeyId: ALIYUN.accessKeyId,
      accessKeySecret: 'not-the-secret',
      endpoint: server.url,
      apiVersion: '2021-05-20',
    });
    await wrong.request('ListCardInfo', { PageNo: 1, PageSize: 10 }).catch(() => undefined);
    const err = await sdkError(GslLikeClient.withKeys(server.url, { ...HUAWEI, sk: 'not-the-sk' }).listSimCards({ limit: 10 }));
    expect(err.httpStatusCode).toBe(401);
    const { entries } = await journal();
    expect(entries[0]).toMatchObject({ vendor: 'aliyun', auth: 'failed', status: 400, errorCode: 'SignatureDoesNotMatch' });
    expect(entries[0].stringToSign).toMatch(/^GET&%2F&/);
    expect(entries[1]).toMatchObject({ vendor: 'huawei', auth: 'failed', status: 401, errorCode: 'APIGW.0301' });
    expect(entries[1].stringToSign).toMatch(/^SDK-HMAC-SHA256\n\d{8}T\d{6}Z\n[0-9a-f]{64}$/);
    expect(entries[1].canonicalRequest).toMatch(/^GET\n\/v1\/sim-cards\/\nlimit=10\n/);
    expect(entries[1].signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date');
  });

  it('filters by vendor, account, action, status, error code and time, and pages', async () => {
    for (let i = 0; i < 3; i++) await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    await server.simulator.clock.advance(60_000);
    await linkcard().request('GetCardDetail', { Iccid: ICCID });
    await linkcard()
      .request('GetCardDetail', { Iccid: '89860000000000000000' })
      .catch(() => undefined);
    await gsl().listSimCards({ limit: 10 });
    const globex = new RPCClient({
      accessKeyId: 'globexAccessKeyId',
      accessKeySecret: 'globexAccessKeySecret',
      endpoint: server.url,
      apiVersion: '2021-05-20',
    });
    await globex.request('ListCardInfo', { PageNo: 1, PageSize: 10 });

    expect((await journal()).total).toBe(7);
    expect((await journal('?vendor=huawei')).total).toBe(1);
    expect((await journal('?account=globex')).entries.map((e: any) => e.account)).toEqual(['globex']);
    expect((await journal('?action=GetCardDetail')).total).toBe(2);
    expect((await journal('?status=400')).entries.map((e: any) => e.errorCode)).toEqual(['InvalidIccid.NotFound']);
    expect((await journal('?errorCode=InvalidIccid.NotFound')).total).toBe(1);
    expect((await journal(`?since=${encodeURIComponent(server.simulator.clock.date().toISOString())}`)).total).toBe(4);

    const first = await journal('?limit=3');
    const second = await journal('?offset=3&limit=3');
    expect(first).toMatchObject({ total: 7, offset: 0, limit: 3 });
    expect(first.entries).toHaveLength(3);
    expect(second.entries.map((e: any) => e.id)).toEqual(first.entries.map((e: any) => e.id + 3));

    for (const bad of ['?limit=0', '?offset=-1', '?status=abc', '?since=yesterday']) {
      const res = await call('GET', `/journal${bad}`);
      expect(res.status, bad).toBe(400);
      expect(controlContract.responseErrors('ListJournal', 400, res.body)).toEqual([]);
    }
  });

  it('is bounded by journalLimit, keeping the newest', async () => {
    const patched = await call('PATCH', '/settings', { journalLimit: 4 });
    expect(patched.status).toBe(200);
    for (let i = 0; i < 7; i++) await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    const page = await journal();
    expect(page.total).toBe(4);
    const ids = page.entries.map((e: any) => e.id);
    expect(ids).toEqual([ids[0], ids[0] + 1, ids[0] + 2, ids[0] + 3]);
    expect(server.simulator.journal.all().at(-1)!.id).toBe(ids[3]);
    // Lowering the limit drops the oldest.
    server.simulator.settings.journalLimit = 2;
    await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    expect((await journal()).entries.map((e: any) => e.id)).toEqual([ids[3], ids[3] + 1]);
  });

  it('clears, and never records the control plane', async () => {
    await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    await call('GET', '/clock');
    await call('GET', '/faults');
    expect((await journal()).entries.map((e: any) => e.path)).toEqual(['/']);
    const cleared = await call('DELETE', '/journal');
    expect(controlContract.responseErrors('ClearJournal', 200, cleared.body)).toEqual([]);
    expect(cleared.body).toEqual({ removed: 1 });
    expect((await journal()).total).toBe(0);
  });

  it('never records a secret: keys, signatures, passwords, tokens', async () => {
    await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 });
    await linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' });
    await gsl().listSimCards({ limit: 10 });
    const issued = await fetch(`${server.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: IAM_USER.name, password: IAM_USER.password, domain: { name: IAM_USER.domain } } },
          },
          scope: { project: { name: 'cn-north-4' } },
        },
      }),
    });
    const token = issued.headers.get('x-subject-token')!;
    expect(token).toBeTruthy();
    await GslLikeClient.unsigned(server.url, { 'X-Auth-Token': token }).listSimCards({ limit: 10 });
    // A failed signature records the string-to-sign, which must not give the secret away either.
    await GslLikeClient.withKeys(server.url, { ...HUAWEI, sk: 'wrong-secret-key-value' })
      .listSimCards({ limit: 10 })
      .catch(() => undefined);

    const text = JSON.stringify((await journal()).entries);
    expect((await journal()).total).toBe(6);
    expect((await journal('?action=KeystoneCreateUserTokenByPassword')).entries[0]).toMatchObject({ vendor: 'huawei', status: 201 });
    for (const secret of [
      ALIYUN.accessKeySecret,
      HUAWEI.sk,
      'wrong-secret-key-value',
      IAM_USER.password,
      token,
      'Signature=',
      'SDK-HMAC-SHA256 Access',
      'Authorization',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });
});

describe('settings over REST', () => {
  it('reads them, changes some, and refuses a bad one without changing anything', async () => {
    const got = await call('GET', '/settings');
    expect(controlContract.responseErrors('GetSettings', 200, got.body)).toEqual([]);
    expect(got.body).toMatchObject({ authMode: 'strict', journalLimit: 1000 });
    const changed = await call('PATCH', '/settings', { authMode: 'warn', aliyunCarrierOutages: ['CMCC'] });
    expect(changed.status).toBe(200);
    expect(controlContract.responseErrors('PatchSettings', 200, changed.body)).toEqual([]);
    expect(server.simulator.settings).toMatchObject({ authMode: 'warn', aliyunCarrierOutages: ['CMCC'] });
    for (const bad of [{ authMode: 'loose' }, { journalLimit: -1 }, { nope: 1 }, { authMode: 'off', aliyunCarrierOutages: ['XX'] }, [1]]) {
      const res = await call('PATCH', '/settings', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(controlContract.responseErrors('PatchSettings', 400, res.body)).toEqual([]);
      expect(res.body.error.code).toBe('InvalidSetting');
    }
    expect(server.simulator.settings.authMode).toBe('warn');
    await call('PATCH', '/settings', { authMode: 'strict', aliyunCarrierOutages: [] });
  });
});
