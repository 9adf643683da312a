import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSdkException, GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import type { HuaweiWorld } from './listSimCardsSuite.js';

const REQUEST_ID = /^[0-9a-f]{32}$/;

/** The API gateway's answers as the official SDK core reports them (its exceptions' fields). */
export function describeHuaweiAuth(name: string, start: () => Promise<HuaweiWorld>): void {
  describe(`Huawei gateway errors over the SDK (${name})`, () => {
    let world: HuaweiWorld;
    beforeAll(async () => {
      world = await start();
    });
    afterAll(() => world?.close());

    it('accepts the right keys, with or without a project id', async () => {
      const signed = await GslLikeClient.withKeys(world.url, world.acme).listSimCards();
      expect(signed.httpStatusCode).toBe(200);
      expect(signed['X-Request-Id']).toMatch(REQUEST_ID);
      const { projectId: _, ...noProject } = world.acme;
      expect((await GslLikeClient.withKeys(world.url, noProject).listSimCards()).httpStatusCode).toBe(200);
    });

    it('refuses a wrong SK', async () => {
      const err = await sdkError(GslLikeClient.withKeys(world.url, { ...world.acme, sk: world.acme.sk + 'x' }).listSimCards());
      expectSdkException(err, 401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail');
    });

    it('refuses an unknown AK', async () => {
      const err = await sdkError(GslLikeClient.withKeys(world.url, { ...world.acme, ak: 'NOSUCHAKHUAWEI00000' }).listSimCards());
      expectSdkException(err, 401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail');
    });

    it('refuses a signature 20 minutes old (on the simulated clock, when asked)', async () => {
      // By default signatures are checked against the wall clock (test/signatureClock.sdk.test.ts).
      const before = world.settings.signatureClock;
      world.settings.signatureClock = 'simulated';
      world.clock.advance(20 * 60_000);
      try {
        const err = await sdkError(GslLikeClient.withKeys(world.url, world.acme).listSimCards());
        expectSdkException(
          err,
          401,
          'APIGW.0303',
          /^Incorrect app authentication information: signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/,
        );
      } finally {
        world.clock.advance(-20 * 60_000);
        world.settings.signatureClock = before;
      }
    });

    it('refuses a request with no authentication at all', async () => {
      const err = await sdkError(GslLikeClient.unsigned(world.url).listSimCards());
      expectSdkException(err, 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found');
    });

    it('refuses an IAM token it never issued', async () => {
      const err = await sdkError(
        GslLikeClient.unsigned(world.url, { 'X-Auth-Token': 'MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEw' }).listSimCards(),
      );
      expectSdkException(err, 401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail');
    });

    it('refuses another account’s project', async () => {
      const err = await sdkError(GslLikeClient.withKeys(world.url, { ...world.acme, projectId: world.globex.projectId! }).listSimCards());
      expectSdkException(err, 403, 'APIGW.0310', 'The project is unavailable.');
    });

    it('answers APIGW.0101 for an API it does not publish', async () => {
      const client = GslLikeClient.withKeys(world.url, world.acme);
      for (const [method, url] of [
        ['GET', '/v1/no-such-api'],
        ['DELETE', '/v1/sim-cards'],
        ['GET', '/v2/sim-cards'],
      ] as const) {
        const err = await sdkError(client.send(method, url));
        expectSdkException(err, 404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
      }
    });
  });
}
