import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';
import { responseText } from '#src/engine/simResponse.js';
import { toBase64 } from '#src/crypto/digests.js';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const USER = { domain: 'acme-iot', name: 'acme-dev', password: 'Sim@2026-dev' };

/** Issue 14 items 3, 4 and 11: the body under the signature, tokens nobody can forge, authMode off. */
describe('Huawei: the signed body, IAM token seals, authMode off', () => {
  it('refuses a body that is not the one whose hash was signed, and still takes UNSIGNED-PAYLOAD', () => {
    const sim = createSimulator({ settings: { huaweiRequestsPerSecond: 0 } });
    const signed = { tag_name: 'signed-tag' };
    // The client signs over X-Sdk-Content-Sha256 (the hash of the body it meant to send) ...
    const req = signHuaweiRequest({
      method: 'POST',
      path: '/v1/tags',
      data: signed,
      keys: HUAWEI,
      headers: { 'X-Sdk-Content-Sha256': sha256(JSON.stringify(signed)) },
    });
    expect(req.headers['authorization']).toContain('x-sdk-content-sha256');
    // ... and another body goes over the wire.
    const tampered = sim.handle({ ...req, body: new TextEncoder().encode(JSON.stringify({ tag_name: 'tampered' })) });
    expect(tampered.status).toBe(401);
    expect(responseJson(tampered)).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
    });
    const tags = responseText(sim.handle(signHuaweiRequest({ path: '/v1/tags', query: { limit: 100 }, keys: HUAWEI })));
    expect(tags).not.toContain('tampered');

    // The same request with the body it was signed for is served.
    expect(sim.handle(req).status).toBe(200);
    // UNSIGNED-PAYLOAD leaves the body out of the signature, as the SDKs document it.
    const unsigned = signHuaweiRequest({
      method: 'POST',
      path: '/v1/tags',
      data: { tag_name: 'x' },
      keys: HUAWEI,
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(sim.handle({ ...unsigned, body: new TextEncoder().encode(JSON.stringify({ tag_name: 'unsigned-body' })) }).status).toBe(200);
  });

  describe('over HTTP with the SDK core', () => {
    let server: TestServer;
    let other: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
      other = await startTestServer();
    });
    afterAll(async () => {
      await server?.close();
      await other?.close();
    });

    const issue = (url: string) =>
      fetch(`${url}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=utf8' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: USER.name, password: USER.password, domain: { name: USER.domain } } },
            },
            scope: { project: { name: 'cn-north-4' } },
          },
        }),
      }).then((res) => res.headers.get('x-subject-token')!);

    it('seals tokens with a key of the running world: another simulator of the same scenario refuses them', async () => {
      const token = await issue(server.url);
      expect((await GslLikeClient.unsigned(server.url, { 'X-Auth-Token': token }).listSimCards({ limit: 10 })).httpStatusCode).toBe(200);
      const elsewhere = await sdkError(GslLikeClient.unsigned(other.url, { 'X-Auth-Token': token }).listSimCards({ limit: 10 }));
      expect(elsewhere).toMatchObject({
        httpStatusCode: 401,
        errorCode: 'APIGW.0301',
        errorMsg: 'Incorrect IAM authentication information: decrypt token fail',
      });
    });

    it('keeps the key in the saved world, so a token survives a restart from it', async () => {
      const token = await issue(server.url);
      const restarted = createSimulator({ scenario: JSON.parse(JSON.stringify(server.simulator.exportScenario())) });
      const res = restarted.handle({
        method: 'GET',
        path: '/v1/sim-cards',
        rawQuery: 'limit=10',
        headers: { 'x-auth-token': token },
        body: new Uint8Array(),
      });
      expect(res.status).toBe(200);
    });

    it('refuses a token without an expiry, even one sealed with the right key', async () => {
      const key = server.simulator.engine.context.keys.iamToken;
      const payload = toBase64(new TextEncoder().encode(JSON.stringify({ a: 'acme', u: USER.name, p: HUAWEI.projectId, i: 0 })))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      const forged = `MIIsim${payload}.${createHmac('sha256', key).update(payload).digest('hex')}`;
      const refused = await sdkError(GslLikeClient.unsigned(server.url, { 'X-Auth-Token': forged }).listSimCards({ limit: 10 }));
      expect(refused).toMatchObject({
        httpStatusCode: 401,
        errorCode: 'APIGW.0301',
        errorMsg: 'Incorrect IAM authentication information: decrypt token fail',
      });
    });

    it('with authMode off, serves a request without credentials as the first account, as documented', async () => {
      server.simulator.settings.authMode = 'off';
      try {
        const res = await GslLikeClient.unsigned(server.url).listSimCards<{ count: number; sim_cards: Array<{ iccid: string }> }>({
          limit: 10,
        });
        expect(res.httpStatusCode).toBe(200);
        const first = server.simulator.fleet.accounts().find((a) => a.huawei)!;
        const iccids = new Set([...server.simulator.fleet.allCards()].filter((c) => c.accountId === first.id).map((c) => c.iccid));
        expect(res.sim_cards.length).toBeGreaterThan(0);
        for (const card of res.sim_cards) expect(iccids.has(card.iccid)).toBe(true);
      } finally {
        server.simulator.settings.authMode = 'strict';
      }
    });
  });
});
