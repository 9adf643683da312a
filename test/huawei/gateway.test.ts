import { describe, expect, it } from 'vitest';
import { SimClock } from '#src/engine/clock.js';
import type { SimulatorSettings } from '#src/engine/context.js';
import type { SimRequest } from '#src/engine/simRequest.js';
import type { SimResponse } from '#src/engine/simResponse.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { captureInstant, captureRequest, loadCapture } from '#helpers/huaweiCaptures.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { SMALL_ACME, SMALL_GLOBEX, smallSimulator } from '#helpers/smallWorld.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const MINUTE = 60_000;

function world(settings: Partial<SimulatorSettings> = {}) {
  return smallSimulator({ clock: new SimClock({ start: NOW, frozen: true }), settings });
}

function unsigned(path: string, headers: Record<string, string> = {}, method = 'GET', rawQuery = ''): SimRequest {
  return { method, path, rawQuery, headers: { host: 'gsl.cn-north-4.myhuaweicloud.com', ...headers }, body: new Uint8Array() };
}

/** Checks the envelope every answer shares and returns the parsed body. */
function answer(res: SimResponse, status: number, operationId = 'ListSimCards'): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
  const body = responseJson(res);
  expect(gslContract.responseErrors(operationId, status, body)).toEqual([]);
  if (String(body['error_code']).startsWith('APIGW.')) expect(body['request_id']).toBe(res.headers['X-Request-Id']);
  return body;
}

describe('Huawei gateway: routing', () => {
  it('answers APIGW.0101 for a path it does not publish, credentials or not', () => {
    const sim = world();
    for (const req of [
      unsigned('/nothing/here'),
      unsigned('/v1/sim-cards', {}, 'DELETE'),
      signHuaweiRequest({ path: '/v1/no-such-api', keys: SMALL_ACME, at: NOW }),
    ]) {
      expect(answer(sim.handle(req), 404)).toEqual({
        error_msg: 'The API does not exist or has not been published in the environment.',
        error_code: 'APIGW.0101',
        request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
  });

  it('answers APIGW.0101 for a method the gateway does not publish on a known path, before authenticating', () => {
    const sim = world();
    const path = '/v1/sim-cards/123';
    for (const keys of [SMALL_ACME, { ...SMALL_ACME, sk: 'x' }]) {
      const res = sim.handle(signHuaweiRequest({ method: 'DELETE', path, keys, at: NOW }));
      expect(answer(res, 404)['error_code']).toBe('APIGW.0101');
      expect(res.headers['X-Sim-Not-Emulated']).toBeUndefined();
    }
  });
});

describe('Huawei gateway: authentication', () => {
  const iam = (reason: string) => `Incorrect IAM authentication information: ${reason}`;

  it('wants a token or a signature', () => {
    const sim = world();
    expect(answer(sim.handle(unsigned('/v1/sim-cards')), 401)).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: iam('x-auth-token not found'),
    });
    expect(answer(sim.handle(unsigned('/v1/sim-cards', { 'x-auth-token': 'MIIE...' })), 401)).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: iam('decrypt token fail'),
    });
    expect(answer(sim.handle(unsigned('/v1/sim-cards', { authorization: 'Basic dXNlcjpwYXNz' })), 401)).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: iam('verify aksk signature fail'),
    });
  });

  it('refuses a wrong SK, an unknown AK and a malformed Authorization alike', () => {
    const sim = world();
    const requests = [
      signHuaweiRequest({ path: '/v1/sim-cards', keys: { ...SMALL_ACME, sk: 'wrong' }, at: NOW }),
      signHuaweiRequest({ path: '/v1/sim-cards', keys: { ...SMALL_ACME, ak: 'UNKNOWNAK0000000000' }, at: NOW }),
      unsigned('/v1/sim-cards', { authorization: 'SDK-HMAC-SHA256 Access=TESTAKHUAWEI0000000', 'x-sdk-date': '20260601T120000Z' }),
    ];
    for (const req of requests) {
      expect(answer(sim.handle(req), 401)).toMatchObject({ error_code: 'APIGW.0301', error_msg: iam('verify aksk signature fail') });
    }
  });

  it('accepts X-Sdk-Date within 15 minutes either way, and no further', () => {
    const sim = world();
    const at = (offset: number) => sim.handle(signHuaweiRequest({ path: '/v1/sim-cards', keys: SMALL_ACME, at: NOW + offset }));
    expect(at(-15 * MINUTE).status).toBe(200);
    expect(at(15 * MINUTE).status).toBe(200);
    const late = answer(at(-15 * MINUTE - 1000), 401);
    expect(late).toMatchObject({
      error_code: 'APIGW.0303',
      error_msg:
        'Incorrect app authentication information: signature expired, signature time:20260601T114459Z,server time:20260601T120000Z',
    });
    expect(answer(at(16 * MINUTE), 401)['error_code']).toBe('APIGW.0303');
  });

  it('calls a missing or malformed X-Sdk-Date expired too', () => {
    const sim = world();
    const signed = signHuaweiRequest({ path: '/v1/sim-cards', keys: SMALL_ACME, at: NOW });
    const { 'x-sdk-date': _, ...withoutDate } = signed.headers;
    expect(answer(sim.handle({ ...signed, headers: withoutDate }), 401)['error_msg']).toBe(
      'Incorrect app authentication information: signature expired, signature time:,server time:20260601T120000Z',
    );
    expect(answer(sim.handle({ ...signed, headers: { ...signed.headers, 'x-sdk-date': '2026-06-01T12:00:00Z' } }), 401)['error_code']).toBe(
      'APIGW.0303',
    );
  });

  it('takes the project as optional, but refuses another account’s', () => {
    const sim = world();
    const { projectId: _, ...noProject } = SMALL_ACME;
    expect(sim.handle(signHuaweiRequest({ path: '/v1/sim-cards', keys: noProject, at: NOW })).status).toBe(200);
    const foreign = signHuaweiRequest({ path: '/v1/sim-cards', keys: { ...SMALL_ACME, projectId: SMALL_GLOBEX.projectId }, at: NOW });
    expect(answer(sim.handle(foreign), 403)).toMatchObject({ error_code: 'APIGW.0310', error_msg: 'The project is unavailable.' });
  });

  it("lets failures through in 'warn' mode, flagged, and checks nothing in 'off' mode", () => {
    const warn = world({ authMode: 'warn' });
    const res = warn.handle(signHuaweiRequest({ path: '/v1/sim-cards', keys: { ...SMALL_ACME, sk: 'wrong' }, at: NOW - 60 * MINUTE }));
    const body = answer(res, 200);
    expect(body['count']).toBe(45);
    expect(res.headers['X-Sim-Auth-Warning']).toMatch(/^APIGW\.0303 /);

    const odd = signHuaweiRequest({ path: '/v1/sim-cards', keys: SMALL_ACME, at: NOW });
    const oddDate = warn.handle({ ...odd, headers: { ...odd.headers, 'x-sdk-date': '明天' } });
    expect(oddDate.status).toBe(200);
    expect(oddDate.headers['X-Sim-Auth-Warning']).toMatch(/^[\x20-\x7e]+$/);

    const off = world({ authMode: 'off' });
    const byProject = off.handle(unsigned('/v1/sim-cards', { 'x-project-id': SMALL_GLOBEX.projectId }));
    expect(answer(byProject, 200)['count']).toBe(6);
    expect(byProject.headers['X-Sim-Auth-Warning']).toBeUndefined();
    // Naming nobody, a request is the first account's (docs/control-plane.md), not a 401.
    expect(answer(off.handle(unsigned('/v1/sim-cards')), 200)['count']).toBe(45);
  });
});

describe('Huawei gateway: SDK captures', () => {
  it('accepts the captured ListSimCards with the clock at its X-Sdk-Date, and rejects a tampered copy', () => {
    const capture = loadCapture('huawei_get_sim_cards');
    const sim = smallSimulator({ clock: new SimClock({ start: captureInstant(capture), frozen: true }) });
    const body = answer(sim.handle(captureRequest(capture)), 200);
    expect(body).toMatchObject({ limit: 10, offset: 1, count: 45 });
    const tampered = sim.handle(captureRequest(capture, { rawQuery: 'limit=10&offset=2' }));
    expect(answer(tampered, 401)).toMatchObject({ error_code: 'APIGW.0301' });
  });

  it('verifies the captured ResetSimCard signature, then answers it as GSL', () => {
    const capture = loadCapture('huawei_post_reset');
    const sim = smallSimulator({ clock: new SimClock({ start: captureInstant(capture), frozen: true }) });
    const res = sim.handle(captureRequest(capture));
    expect(res.status).not.toBe(401);
    expect(res.headers['X-Sim-Not-Emulated']).toBeUndefined();
    expect(String(answer(res, res.status, 'ResetSimCard')['error_code'] ?? 'GSL.')).toMatch(/^GSL\./);
    const tampered = sim.handle(captureRequest(capture, { body: new TextEncoder().encode('{"reason":"test resex"}') }));
    expect(answer(tampered, 401)['error_code']).toBe('APIGW.0301');
  });
});

describe('Huawei gateway: parameters and failures', () => {
  const sim = world();
  const list = (query: Record<string, unknown>) =>
    sim.handle(signHuaweiRequest({ path: '/v1/sim-cards', query, keys: SMALL_ACME, at: NOW }));

  it.each([
    [{ limit: 9 }, 'limit'],
    [{ limit: 501 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: 10.5 }, 'limit'],
    [{ offset: 0 }, 'offset'],
    [{ offset: 1000001 }, 'offset'],
    [{ sort: 'iccid' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ sim_status: 100 }, 'sim_status'],
    [{ real_named: 'yes' }, 'real_named'],
    [{ tag_id: Array.from({ length: 11 }, (_, i) => i + 1) }, 'tag_id'],
    [{ tag_id: ['x'] }, 'tag_id'],
    [{ order_id: '9007199254740993' }, 'order_id'],
    [{ msisdn: '1'.repeat(33) }, 'msisdn'],
  ])('answers GSL.00010004 as published, naming the parameter in X-Sim-Error-Detail, for %j', (query, name) => {
    const res = list(query);
    // The body is exactly the page's example; the detail rides beside it, ASCII only.
    expect(answer(res, 400)).toEqual({ error_code: 'GSL.00010004', error_msg: '参数异常' });
    expect(res.headers['X-Sim-Error-Detail']).toMatch(new RegExp(`^${name}\\b[\\x20-\\x7e]*$`));
  });

  it('reads a blank value as an absent parameter', () => {
    const body = answer(list({ limit: '', offset: '', sim_status: '', msisdn: '', tag_id: '' }), 200);
    expect(body).toMatchObject({ limit: 10, offset: 1, count: 45 });
  });

  it('accepts the bounds themselves', () => {
    for (const query of [{ limit: 10 }, { limit: 500 }, { offset: 1 }, { offset: 1000000 }]) expect(list(query).status).toBe(200);
  });

  it('answers GSL.00010003 with a request id when something unexpected breaks', () => {
    const broken = world();
    broken.fleet.plan = () => {
      throw new Error('boom');
    };
    expect(answer(broken.handle(signHuaweiRequest({ path: '/v1/sim-cards', keys: SMALL_ACME, at: NOW })), 500)).toEqual({
      error_code: 'GSL.00010003',
      error_msg: '系统繁忙,请稍后重试。',
    });
  });

  it("answers an unexpected failure in the operation's family: a tag API's is GSL.00020003 (the operation the gateway routed to)", () => {
    const broken = world();
    broken.fleet.tagCounts = () => {
      throw new Error('boom');
    };
    expect(answer(broken.handle(signHuaweiRequest({ path: '/v1/tags', keys: SMALL_ACME, at: NOW })), 500, 'ListTags')).toEqual({
      error_code: 'GSL.00020003',
      error_msg: '系统繁忙,请稍后重试。',
    });
  });
});

describe('Huawei gateway: flow control', () => {
  it('answers APIGW.0308 past settings.huaweiRequestsPerSecond calls to one API in a simulated second', () => {
    const sim = smallSimulator({ clock: new SimClock({ start: NOW, frozen: true }), settings: { huaweiRequestsPerSecond: 3 } });
    const list = () => sim.handle(signHuaweiRequest({ path: '/v1/sim-cards', keys: SMALL_ACME, at: NOW }));
    for (let i = 0; i < 3; i++) expect(list().status).toBe(200);
    const throttled = list();
    expect(answer(throttled, 429)).toMatchObject({
      error_code: 'APIGW.0308',
      error_msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second',
    });
    // Another API has its own budget, and the next simulated second starts afresh.
    expect(sim.handle(signHuaweiRequest({ path: '/v1/work-orders', keys: SMALL_ACME, at: NOW })).status).toBe(200);
    sim.clock.advance(1000);
    expect(list().status).toBe(200);
  });
});
