import dyiotapiClient, { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import { RuntimeOptions } from '@alicloud/tea-util';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { cjsDefault } from '../aliyun/helpers/cjs.js';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/** What pop-core throws for an error body or a transport failure. */
interface PopCoreError extends Error {
  code: string;
  data?: Record<string, unknown>;
}

const ICCID = '89860012345678901234';
const OTHER_ICCID = '89860321000000015668';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());
afterEach(() => server.simulator.faults.clear());

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/_sim${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
      : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

async function addFault(rule: unknown): Promise<Record<string, any>> {
  const res = await call('POST', '/faults', rule);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(controlContract.responseErrors('AddFault', 201, res.body)).toEqual([]);
  return res.body;
}

/** pop-core with its own read timeout made small, so an injected delay trips it quickly. */
const linkcard = (timeout = 10_000) => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20', opts: { timeout } });

async function popFailure(promise: Promise<unknown>): Promise<PopCoreError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as PopCoreError,
  );
  expect(err, 'pop-core should have thrown').toBeInstanceOf(Error);
  return err!;
}

function gsl(timeout = 10_000): GslLikeClient {
  const credential = new BasicCredentials().withAk(HUAWEI.ak).withSk(HUAWEI.sk).withProjectId(HUAWEI.projectId);
  return new ClientBuilder((hc: HcClient) => new GslLikeClient(hc))
    .withCredential(credential)
    .withEndpoint(server.url)
    .withOptions({ axiosRequestConfig: { timeout } })
    .build();
}

describe('fault rules over REST', () => {
  it('stores, lists, removes and clears rules', async () => {
    const a = await addFault({ vendor: 'aliyun', action: 'ListCardInfo', effect: { kind: 'http', status: 503 }, times: 2 });
    expect(a).toMatchObject({ id: expect.any(String), hits: 0, remaining: 2 });
    await addFault({ effect: { kind: 'latency', distribution: 'uniform', min: 1, max: 5 } });
    const listed = await call('GET', '/faults');
    expect(controlContract.responseErrors('ListFaults', 200, listed.body)).toEqual([]);
    expect(listed.body.faults).toHaveLength(2);
    const removed = await call('DELETE', `/faults/${a.id}`);
    expect(removed.status).toBe(200);
    expect(controlContract.responseErrors('RemoveFault', 200, removed.body)).toEqual([]);
    const again = await call('DELETE', `/faults/${a.id}`);
    expect(again.status).toBe(404);
    expect(controlContract.responseErrors('RemoveFault', 404, again.body)).toEqual([]);
    const cleared = await call('DELETE', '/faults');
    expect(cleared.body).toEqual({ removed: 1 });
    expect(server.simulator.faults.list()).toEqual([]);
  });

  it.each([
    [{}, 'effect must be an object'],
    [{ effect: { kind: 'error', code: 'NoSuchCode' } }, 'NoSuchCode is not in'],
    [{ vendor: 'huawei', effect: { kind: 'error', code: 'Throttling.User' } }, 'not in the huawei error catalogue'],
    [{ effect: { kind: 'http', status: 404 } }, 'effect.status'],
    [{ effect: { kind: 'latency', distribution: 'uniform', min: 10, max: 5 } }, 'effect.max'],
    [{ effect: { kind: 'latency', distribution: 'gamma' } }, 'effect.distribution'],
    [{ effect: { kind: 'drop' }, probability: 2 }, 'probability'],
    [{ effect: { kind: 'drop' }, times: 0 }, 'times'],
    [{ effect: { kind: 'drop' }, vendor: 'aws' }, 'vendor'],
    [{ effect: { kind: 'drop' }, colour: 'red' }, 'unknown field colour'],
    [{ effect: { kind: 'drop', ms: 3 } }, 'effect.ms'],
  ])('refuses the bad rule %j with a 400', async (rule, message) => {
    const res = await call('POST', '/faults', rule);
    expect(res.status).toBe(400);
    expect(controlContract.responseErrors('AddFault', 400, res.body)).toEqual([]);
    expect(res.body.error.code).toBe('InvalidFaultRule');
    expect(res.body.error.message).toContain(message);
    expect(server.simulator.faults.list()).toEqual([]);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await call('POST', '/faults', '{');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidJson');
  });
});

describe('each effect through the Alibaba SDK (pop-core)', () => {
  it('error: the vendor catalogue error, in the product envelope', async () => {
    await addFault({ vendor: 'aliyun', action: 'GetCardDetail', effect: { kind: 'error', code: 'Throttling.User' } });
    const err = await popFailure(linkcard().request('GetCardDetail', { Iccid: ICCID }));
    expect(err.code).toBe('Throttling.User');
    // Another action is untouched.
    const ok = await linkcard().request<Record<string, any>>('ListCardInfo', { PageNo: 1, PageSize: 10 });
    expect(ok['Success']).toBe(true);
  });

  it('http: the status with the gateway system-error body', async () => {
    await addFault({ vendor: 'aliyun', effect: { kind: 'http', status: 503 } });
    const unavailable = await popFailure(linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 }));
    expect(unavailable.code).toBe('ServiceUnavailable');
    server.simulator.faults.clear();
    await addFault({ vendor: 'aliyun', effect: { kind: 'http', status: 502 } });
    const bad = await popFailure(linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 }));
    expect(bad.code).toBe('InternalError');
  });

  it('timeout: the SDK gives up on its own read timeout', async () => {
    await addFault({ vendor: 'aliyun', effect: { kind: 'timeout' } });
    const err = await popFailure(linkcard(300).request('ListCardInfo', { PageNo: 1, PageSize: 10 }));
    expect(err.name + err.message).toMatch(/timeout/i);
    expect(server.simulator.faults.list()[0]!.hits).toBe(1);
  });

  it('latency: the answer arrives (later), unchanged', async () => {
    await addFault({ vendor: 'aliyun', effect: { kind: 'latency', distribution: 'fixed', ms: 20 } });
    const ok = await linkcard().request<Record<string, any>>('GetCardDetail', { Iccid: ICCID });
    expect(ok['Data'].VsimCardInfo.Iccid).toBe(ICCID);
    const entry = server.simulator.journal.list({ action: 'GetCardDetail' }).entries.at(-1)!;
    expect(entry.fault).toBe(server.simulator.faults.list()[0]!.id);
  });

  it('drop: the connection closes without an answer', async () => {
    await addFault({ vendor: 'aliyun', effect: { kind: 'drop' } });
    const err = await popFailure(linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10 }));
    expect(err.data).toBeUndefined();
    expect(err.message).toMatch(/socket hang up|ECONNRESET|closed/i);
  });
});

describe('through the Tea runtime (@alicloud/dyiotapi20171111)', () => {
  const Dyiotapi = cjsDefault(dyiotapiClient);
  const dyiotapi = () =>
    new Dyiotapi(new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0]);
  const request = () => new QueryCardFlowInfoRequest({ iccid: ICCID, ownerId: 1234567890123456 });

  it("error: a Dyiotapi business code arrives in Dyiotapi's own envelope at its published status (thrown), or in an HTTP 200 body.code", async () => {
    await addFault({ vendor: 'aliyun', action: 'QueryCardFlowInfo', effect: { kind: 'error', code: 'isv.SYSTEM_ERROR' } });
    const err = (await dyiotapi()
      .queryCardFlowInfoWithOptions(request(), new RuntimeOptions({}))
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as { code: string; message: string; data: Record<string, unknown> };
    expect(err.code).toBe('isv.SYSTEM_ERROR');
    expect(err.message).toMatch(/^isv\.SYSTEM_ERROR: code: 404, System error\. /);
    expect(Object.keys(err.data).sort()).toEqual(['Code', 'Message', 'RequestId']);
    server.simulator.settings.dyiotapiBusinessErrorStatus = 200;
    try {
      const response = await dyiotapi().queryCardFlowInfoWithOptions(request(), new RuntimeOptions({}));
      expect(response.body.code).toBe('isv.SYSTEM_ERROR');
    } finally {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
    }
  });

  it("timeout: the runtime's readTimeout fires", async () => {
    await addFault({ vendor: 'aliyun', action: 'QueryCardFlowInfo', effect: { kind: 'timeout' } });
    const err = await dyiotapi()
      .queryCardFlowInfoWithOptions(request(), new RuntimeOptions({ readTimeout: 300 }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err).toBeInstanceOf(Error);
    expect(err!.name + err!.message).toMatch(/timeout/i);
  });
});

describe('each effect through the Huawei SDK core', () => {
  it('error: the GSL catalogue error', async () => {
    await addFault({ vendor: 'huawei', action: 'ListSimCards', effect: { kind: 'error', code: 'GSL.00011004' } });
    const err = await sdkError(gsl().listSimCards({ limit: 10 }));
    expect(err.httpStatusCode).toBe(403);
    expect(err.errorCode).toBe('GSL.00011004');
  });

  it('http: the status with GSL system-busy body', async () => {
    await addFault({ vendor: 'huawei', effect: { kind: 'http', status: 504 } });
    const err = await sdkError(gsl().listSimCards({ limit: 10 }));
    expect(err.httpStatusCode).toBe(504);
    expect(err.errorCode).toBe('GSL.00010003');
  });

  it('timeout and drop: the SDK reports a failed request without a status', async () => {
    await addFault({ vendor: 'huawei', effect: { kind: 'timeout', ms: 60_000 }, times: 1 });
    const timedOut = (await sdkError(gsl(300).listSimCards({ limit: 10 }))) as unknown as Error & { httpStatusCode?: number };
    expect(timedOut.httpStatusCode).toBeUndefined();
    expect(String(timedOut.message ?? (timedOut as { errorMsg?: string }).errorMsg) + JSON.stringify(timedOut)).toMatch(/timeout/i);
    await addFault({ vendor: 'huawei', effect: { kind: 'drop' }, times: 1 });
    const dropped = (await sdkError(gsl().listSimCards({ limit: 10 }))) as unknown as Error & { httpStatusCode?: number };
    expect(dropped.httpStatusCode).toBeUndefined();
    // Both rules are spent: the next call is served.
    const ok = await gsl().listSimCards({ limit: 10 });
    expect(ok.httpStatusCode).toBe(200);
  });
});

describe('when a rule fires', () => {
  it('once, N times, then never again', async () => {
    await addFault({ action: 'ListCardInfo', effect: { kind: 'http', status: 500 }, times: 2 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await linkcard()
          .request('ListCardInfo', { PageNo: 1, PageSize: 10 })
          .then(
            () => 'ok',
            (e: PopCoreError) => e.code,
          ),
      );
    }
    expect(outcomes).toEqual(['InternalError', 'InternalError', 'ok', 'ok']);
    expect(server.simulator.faults.list()[0]).toMatchObject({ hits: 2, remaining: 0 });
  });

  it('with a probability: the same seed fails the same requests', async () => {
    const run = async () => {
      server.simulator.faults.clear();
      server.simulator.faults.add({ vendor: 'huawei', effect: { kind: 'http', status: 500 }, probability: 0.5, seed: 42 });
      const outcomes: number[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(
          await gsl()
            .listSimCards({ limit: 10 })
            .then(
              (r) => r.httpStatusCode,
              (e: { httpStatusCode: number }) => e.httpStatusCode,
            ),
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('matches by card: only requests naming that ICCID', async () => {
    await addFault({ card: ICCID, effect: { kind: 'error', code: 'InvalidIccid.NotFound' } });
    const err = await popFailure(linkcard().request('GetCardDetail', { Iccid: ICCID }));
    expect(err.code).toBe('InvalidIccid.NotFound');
    const other = await linkcard().request<Record<string, any>>('GetCardDetail', { Iccid: OTHER_ICCID });
    expect(other['Data'].VsimCardInfo.Iccid).toBe(OTHER_ICCID);
  });

  it("matches by account: only that account's requests", async () => {
    await addFault({ account: 'globex', effect: { kind: 'http', status: 500 } });
    const acme = await linkcard().request<Record<string, any>>('ListCardInfo', { PageNo: 1, PageSize: 10 });
    expect(acme['Success']).toBe(true);
    const globex = new RPCClient({
      accessKeyId: 'globexAccessKeyId',
      accessKeySecret: 'globexAccessKeySecret',
      endpoint: server.url,
      apiVersion: '2021-05-20',
    });
    const err = await popFailure(globex.request('ListCardInfo', { PageNo: 1, PageSize: 10 }));
    expect(err.code).toBe('InternalError');
  });

  it('matches by path prefix, and latencies show in the journal', async () => {
    await addFault({ path: '/v1/sim-cards/', effect: { kind: 'http', status: 500 } });
    await addFault({ path: '/v1/sim-cards', effect: { kind: 'latency', distribution: 'uniform', min: 5, max: 15 } });
    const list = await gsl().listSimCards({ limit: 10 });
    expect(list.httpStatusCode).toBe(200);
    const entry = server.simulator.journal.all().at(-1)!;
    expect(entry.latencyMs).toBeGreaterThanOrEqual(5);
    const err = await sdkError(gsl().showSimCard(list.sim_cards[0]!.sim_card_id));
    expect(err.httpStatusCode).toBe(500);
  });

  it('survives a reset of the world, as the journal does', async () => {
    await addFault({ vendor: 'huawei', effect: { kind: 'http', status: 500 } });
    const before = server.simulator.journal.size;
    expect((await call('POST', '/reset')).status).toBe(200);
    expect(server.simulator.faults.list()).toHaveLength(1);
    expect(server.simulator.journal.size).toBe(before);
    expect((await sdkError(gsl().listSimCards({ limit: 10 }))).httpStatusCode).toBe(500);
  });

  it('never touches the control plane', async () => {
    await addFault({ effect: { kind: 'drop' } });
    const res = await call('GET', '/clock');
    expect(res.status).toBe(200);
  });
});
