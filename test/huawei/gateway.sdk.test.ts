import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/** The API gateway's own behaviour as the SDK core meets it: flow control and the declared payload hash. */
describe('the GSL API gateway over the SDK core', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let card: Card;

  beforeAll(async () => {
    // A small flow-control limit, counted on a frozen simulated clock: no call can slip into the next second.
    server = await startTestServer({ settings: { huaweiRequestsPerSecond: 3, signatureWindowMs: 24 * 60 * 60_000 } });
    server.simulator.clock.freeze();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === acme.id && c.state === 'active')!;
  });
  afterAll(() => server?.close());

  it('answers APIGW.0308 past settings.huaweiRequestsPerSecond calls to one API in a simulated second', async () => {
    for (let i = 0; i < 3; i++) expect((await client.listSimCards()).httpStatusCode).toBe(200);
    const err = await expectGslError(client.listSimCards(), 'APIGW.0308', { limit: '3' });
    expect(err.errorMsg).toBe('The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second');
    // The limit is per API: another one is still served in the same second.
    expect((await client.showSimCard(card.id)).httpStatusCode).toBe(200);
    server.simulator.clock.advance(1_000);
    expect((await client.listSimCards()).httpStatusCode).toBe(200);
  });

  it('takes X-Sdk-Content-Sha256 as the signed payload hash instead of hashing the body', async () => {
    server.simulator.clock.advance(1_000);
    // The SDK signer signs the declared value (UNSIGNED-PAYLOAD, as Huawei's Python SDK sends for
    // non-JSON bodies), and so must the gateway: hashing the body instead would not match.
    const stopped = await client.send<{ work_order_id: number }>('POST', '/v1/sim-cards/{sim_card_id}/stop', {
      pathParams: { sim_card_id: card.id },
      data: {},
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(stopped.httpStatusCode).toBe(200);
    expect(stopped.work_order_id).toBeGreaterThan(0);
  });
});
