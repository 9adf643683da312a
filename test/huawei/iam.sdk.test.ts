import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamContract } from '#simulator/huawei/iam/contract.js';
import { expectGslError, GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

const REQUEST_ID = /^[0-9a-f]{32}$/;
const USER = { domain: 'acme-iot', name: 'acme-dev', password: 'Sim@2026-dev' };
const DAY = 24 * 60 * 60_000;

function passwordBody(password: string, scope: Record<string, unknown> = { project: { name: 'cn-north-4' } }): string {
  return JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: USER.name, password, domain: { name: USER.domain } } } },
      scope,
    },
  });
}

describe('Huawei IAM: tokens and project resolution (default scenario)', () => {
  let server: TestServer;

  async function issue(password = USER.password, scope?: Record<string, unknown>): Promise<Response> {
    return fetch(`${server.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: passwordBody(password, scope),
    });
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('issues a project-scoped token valid for 24 hours of the simulated clock', async () => {
    const res = await issue();
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token')!;
    expect(token).toMatch(/^MII/);
    const body = (await res.json()) as { token: Record<string, unknown> };
    expect(iamContract.responseErrors('KeystoneCreateUserTokenByPassword', 201, body)).toEqual([]);
    const issuedAt = Date.parse(String(body.token['issued_at']).replace('000Z', 'Z'));
    const expiresAt = Date.parse(String(body.token['expires_at']).replace('000Z', 'Z'));
    expect(expiresAt - issuedAt).toBe(DAY);
    expect(body.token['project']).toEqual({
      id: HUAWEI.projectId,
      name: 'cn-north-4',
      domain: { id: expect.any(String), name: USER.domain },
    });
    expect(body.token['methods']).toEqual(['password']);
  });

  it('issues a domain-scoped token, and one scoped by project id', async () => {
    const byDomain = await issue(USER.password, { domain: { name: USER.domain } });
    expect(byDomain.status).toBe(201);
    expect(((await byDomain.json()) as { token: Record<string, unknown> }).token['domain']).toEqual({
      id: expect.any(String),
      name: USER.domain,
    });
    expect((await issue(USER.password, { project: { id: HUAWEI.projectId } })).status).toBe(201);
  });

  it('accepts the token on GSL calls, reads and actions alike', async () => {
    const token = (await issue()).headers.get('x-subject-token')!;
    const client = GslLikeClient.unsigned(server.url, { 'X-Auth-Token': token });
    const page = await client.listSimCards();
    expect(page.httpStatusCode).toBe(200);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    const card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === acme.id && c.state === 'active')!;
    expect((await client.showSimCard(card.id)).httpStatusCode).toBe(200);
    const created = await client.send<{ work_order_id: number }>('POST', '/v1/sim-cards/{sim_card_id}/stop', {
      pathParams: { sim_card_id: card.id },
      data: {},
    });
    const orders = await client.send<{ work_orders: Array<{ id: number }> }>('GET', '/v1/work-orders');
    expect(orders.work_orders[0]!.id).toBe(created.work_order_id);
  });

  it('refuses an expired token with the time it expired', async () => {
    const res = await issue();
    const token = res.headers.get('x-subject-token')!;
    const expiresAt = ((await res.json()) as { token: { expires_at: string } }).token.expires_at;
    server.simulator.clock.advance(DAY);
    try {
      const err = await sdkError(GslLikeClient.unsigned(server.url, { 'X-Auth-Token': token }).listSimCards());
      expect(err).toMatchObject({
        httpStatusCode: 401,
        errorCode: 'APIGW.0301',
        errorMsg: `Incorrect IAM authentication information: token expires, expires_at: ${expiresAt}`,
      });
      expect(err.requestId).toMatch(REQUEST_ID);
    } finally {
      server.simulator.clock.advance(-DAY);
    }
  });

  it('refuses a forged or malformed token', async () => {
    const token = (await issue()).headers.get('x-subject-token')!;
    // The seal's last two hex digits changed (to 00, or to ff when they were 00: one token in 256).
    const forged = token.slice(0, -2) + (token.endsWith('00') ? 'ff' : '00');
    for (const bad of ['not-a-token', forged, 'MIIsim.']) {
      const err = await sdkError(GslLikeClient.unsigned(server.url, { 'X-Auth-Token': bad }).listSimCards());
      expect(err).toMatchObject({
        httpStatusCode: 401,
        errorCode: 'APIGW.0301',
        errorMsg: 'Incorrect IAM authentication information: decrypt token fail',
      });
      expect(err.requestId).toMatch(REQUEST_ID);
    }
  });

  it('answers a wrong password with IAM’s own 401', async () => {
    const res = await issue('wrong');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The username or password is wrong.' } });
    expect(iamContract.responseErrors('KeystoneCreateUserTokenByPassword', 401, body)).toEqual([]);
  });

  it('refuses a domain-scoped token on GSL calls with GSL.00010001: GSL is a project-level service', async () => {
    const issued = await issue(USER.password, { domain: { name: USER.domain } });
    expect(issued.status).toBe(201);
    const client = GslLikeClient.unsigned(server.url, { 'X-Auth-Token': issued.headers.get('x-subject-token')! });
    const err = await expectGslError(client.listSimCards(), 'GSL.00010001');
    expect(err.errorMsg).toBe('请求携带的token无效。');
    // The same user's project-scoped token is served.
    const scoped = GslLikeClient.unsigned(server.url, { 'X-Auth-Token': (await issue()).headers.get('x-subject-token')! });
    expect((await scoped.listSimCards()).httpStatusCode).toBe(200);
  });

  it('lets BasicCredentials without a project id resolve it through GET /v3/projects, as in production', async () => {
    const credential = new BasicCredentials().withAk(HUAWEI.ak).withSk(HUAWEI.sk).withIamEndpoint(server.url);
    const client = new ClientBuilder((hcClient: HcClient) => new GslLikeClient(hcClient))
      .withCredential(credential)
      .withRegion(new Region('cn-north-4', server.url))
      .build();
    const page = await client.listSimCards();
    expect(page.httpStatusCode).toBe(200);
    expect(credential.projectId).toBe(HUAWEI.projectId);
  });

  it('lists the project by region name over the SDK signer', async () => {
    const { projectId: _, ...noProject } = HUAWEI;
    const client = GslLikeClient.withKeys(server.url, noProject);
    const found = await client.send<Record<string, unknown>>('GET', '/v3/projects', { queryParams: { name: 'cn-north-4' } });
    const { httpStatusCode: __, 'X-Request-Id': ___, ...body } = found;
    expect(iamContract.responseErrors('KeystoneListProjects', 200, body)).toEqual([]);
    expect(body['projects']).toEqual([expect.objectContaining({ id: HUAWEI.projectId, name: 'cn-north-4' })]);
    const none = await client.send<{ projects: unknown[] }>('GET', '/v3/projects', { queryParams: { name: 'ap-southeast-1' } });
    expect(none.projects).toEqual([]);
  });
});
