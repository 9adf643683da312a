import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { captureInstant, captureRequest, loadCapture } from '#helpers/huaweiCaptures.js';
import { responseJson } from '#helpers/huaweiSign.js';
import { HUAWEI, startTestServer } from '#helpers/server.js';
import { describeHuaweiAuth } from './authSuite.js';
import { describeListSimCards, type HuaweiWorld } from './listSimCardsSuite.js';

const GLOBEX = { ak: 'GLOBEXAKHUAWEI00000', sk: 'globexSecretKeyHuawei000000000000000000', projectId: 'fedcba9876543210fedcba9876543210' };

async function defaultWorld(): Promise<HuaweiWorld> {
  // Flow control off: the suite walks the whole fleet page by page, faster than 200 calls a second on a quick machine.
  const server = await startTestServer({ settings: { huaweiRequestsPerSecond: 0 } });
  return {
    url: server.url,
    fleet: server.simulator.fleet,
    clock: server.simulator.clock,
    settings: server.simulator.settings,
    acme: HUAWEI,
    globex: GLOBEX,
    close: server.close,
  };
}

describeListSimCards('default scenario', defaultWorld);
describeHuaweiAuth('default scenario', defaultWorld);

describe('default scenario: the documentation’s cards', () => {
  it('serves the pinned Huawei example ids to acme', () => {
    const simulator = createSimulator();
    const acme = simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    for (const id of [158123456, 4710226018477568, 5702790861709056, 5702790861709057, 123]) {
      expect(simulator.fleet.cardById(acme.id, id), `card ${id}`).toBeDefined();
    }
  });
});

describe('default scenario: SDK captures replayed through simulator.handle()', () => {
  it('accepts the captured ListSimCards with the clock frozen at its X-Sdk-Date', () => {
    const capture = loadCapture('huawei_get_sim_cards');
    const simulator = createSimulator({
      clock: { start: captureInstant(capture), frozen: true },
      settings: { signatureClock: 'simulated' },
    });
    const res = simulator.handle(captureRequest(capture));
    expect(res.status).toBe(200);
    expect(res.headers['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
    const body = responseJson(res);
    expect(gslContract.responseErrors('ListSimCards', 200, body)).toEqual([]);
    const acme = simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    expect(body['count']).toBe([...simulator.fleet.allCards()].filter((c) => c.accountId === acme.id).length);
  });

  it('rejects a tampered copy (query changed) with APIGW.0301', () => {
    const capture = loadCapture('huawei_get_sim_cards');
    const simulator = createSimulator({
      clock: { start: captureInstant(capture), frozen: true },
      settings: { signatureClock: 'simulated' },
    });
    const res = simulator.handle(captureRequest(capture, { rawQuery: 'limit=100&offset=1' }));
    expect(res.status).toBe(401);
    const body = responseJson(res);
    expect(body).toEqual({
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      error_code: 'APIGW.0301',
      request_id: res.headers['X-Request-Id'],
    });
    expect(gslContract.responseErrors('ListSimCards', 401, body)).toEqual([]);
  });

  it('verifies the captured ResetSimCard signature (the answer is not an auth error)', () => {
    const capture = loadCapture('huawei_post_reset');
    const simulator = createSimulator({
      clock: { start: captureInstant(capture), frozen: true },
      settings: { signatureClock: 'simulated' },
    });
    const res = simulator.handle(captureRequest(capture));
    expect(res.status).not.toBe(401);
    expect(String(responseJson(res)['error_code'] ?? '')).not.toMatch(/^APIGW\.030/);
  });
});
