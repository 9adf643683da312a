import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { signedV1 } from '../aliyun/helpers/sign.js';

/** Issue 14 items 1, 2 and 10: instants in range, refused requests change nothing, messages name the field and rule. */
describe('control plane: checked before anything changes', () => {
  let server: TestServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/_sim${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const listCards = async () => {
    const req = signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '40' }, { at: server.simulator.clock.now(), ...ALIYUN });
    const res = await fetch(`${server.url}/?${req.rawQuery}`, { headers: req.headers as Record<string, string> });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const world = () => {
    const { state, ...rest } = server.simulator.exportScenario();
    const { clock, ...saved } = state!;
    return { ...rest, state: { ...saved, clock: { ...clock, savedAt: undefined } } };
  };

  /** What the engine reported as unexpected (its onUnexpected hook, given at construction). */
  const reported: unknown[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      clock: { start: '2026-03-01T00:00:00Z', frozen: true },
      settings: { aliyunRequestsPerSecond: 0, signatureClock: 'simulated' }, // signed by hand at the frozen clock's instants
      onUnexpected: (err) => reported.push(err),
    });
  });
  afterAll(() => server?.close());

  it('refuses instants outside 2000-2999 for the clock, naming the field and the range, and the world does not move', async () => {
    const before = world();
    const cases: Array<[string, string, unknown, string]> = [
      [
        'PUT',
        '/clock',
        { now: 8_640_000_000_000_000 },
        'now: must be an instant from 2000-01-01T00:00:00.000Z to 2999-12-31T23:59:59.999Z, got 8640000000000000',
      ],
      ['PUT', '/clock', { now: 1e308 }, 'now: must be an instant from 2000-01-01T00:00:00.000Z to 2999-12-31T23:59:59.999Z'],
      ['PUT', '/clock', { now: '1999-12-31T23:59:59Z' }, 'now: must be an instant from 2000-01-01'],
      ['PUT', '/clock', { now: { at: 1 } }, 'now: must be an ISO-8601 instant with a time zone or epoch milliseconds, got a JSON object'],
      // The rate is good but the instant is not: nothing at all is applied.
      ['PUT', '/clock', { rate: 60, now: 1e308, mode: 'running' }, 'now:'],
      ['PUT', '/clock', { rate: 0 }, 'rate: must be a number above 0 and at most 1000000, got 0'],
      ['POST', '/clock/advance', { by: '+99999999999d' }, 'by: "+99999999999d" would move the clock outside its range'],
      ['POST', '/clock/advance', { by: -1e308 }, 'by: -1e+308 would move the clock outside its range'],
      ['POST', '/clock/advance', { by: 'soon' }, 'by: must be a duration such as "+30d"'],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await call(method, path, body);
      expect(res.status, message).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(controlContract.responseErrors(method === 'PUT' ? 'SetClock' : 'AdvanceClock', 400, res.body)).toEqual([]);
    }
    const { mode, now, rate } = server.simulator.clock.state();
    expect({ mode, now: new Date(now).toISOString(), rate }).toEqual({ mode: 'frozen', now: '2026-03-01T00:00:00.000Z', rate: 1 });
    // Nothing else moved either (what the state file would save), and vendor requests go on:
    // no card was stamped with a bad instant.
    expect(world()).toEqual(before);
    const listed = await listCards();
    expect(listed.status).toBe(200);
    expect(listed.body['Data'].List.length).toBe(40);
  });

  it('refuses card instants out of range and settings out of their rules, naming the field', async () => {
    const card = (await call('GET', '/cards?limit=1')).body.items[0];
    const before = world();
    const expiry = await call('PATCH', `/cards/${card.iccid}`, { expiresAt: '9999-01-01T00:00:00Z' });
    expect(expiry).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'InvalidParameter',
          message: expect.stringContaining('body.expiresAt: must be an instant from 2000-01-01T00:00:00.000Z to 2999-12-31T23:59:59.999Z'),
        },
      },
    });
    const setting = await call('PATCH', '/settings', { journalLimit: 10, signatureWindowMs: 1e308 });
    expect(setting).toMatchObject({
      status: 400,
      body: { error: { code: 'InvalidSetting', message: 'signatureWindowMs: must be an integer from 0 to 86400000, got 1e+308' } },
    });
    expect(server.simulator.settings.journalLimit).toBe(1000);
    for (const [patch, message] of [
      [{ tags: ['t'.repeat(200 * 1024)] }, 'body.tags[0]: must be 1 to 64 characters without a comma'],
      [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'body.tags: has 11 entries, at most 10'],
      [{ remark: 'r'.repeat(200 * 1024) }, 'body.remark: must be at most 255 characters, got 204800'],
      [{ apn: 'a'.repeat(101) }, 'body.apn: must be 1 to 100 characters without spaces'],
    ] as const) {
      expect(await call('PATCH', `/cards/${card.iccid}`, patch)).toMatchObject({
        status: 400,
        body: { error: { code: 'InvalidParameter', message: expect.stringContaining(message) } },
      });
    }
    expect(await call('PUT', `/cards/${card.iccid}/state`, { state: { a: 1 } })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^body\.state: must be one of .*, got a JSON object$/) } },
    });
    expect(await call('GET', '/cards?limit=1e3')).toMatchObject({
      status: 400,
      body: { error: { message: 'limit: must be a whole number from 1 to 1000, got "1e3"' } },
    });
    const fault = await call('POST', '/faults', { effect: { kind: { a: 1 }, ms: 1 } });
    expect(fault.status).toBe(400);
    expect(fault.body.error.message).not.toContain('[object Object]');
    const proto = await call('PATCH', '/settings', '{"__proto__": {"authMode": "off"}}');
    expect(proto).toMatchObject({ status: 400, body: { error: { message: '"__proto__": unknown setting' } } });
    expect(world()).toEqual(before);
  });

  it('never echoes JavaScript internals, and a saved world it cannot run with is refused whole', async () => {
    const named = await call('PUT', '/scenario', { name: { a: 1 }, accounts: [{ id: 'a', name: 'A' }] });
    expect(named.status).toBe(400);
    expect(named.body.error.message).not.toContain('[object Object]');
    expect(named.body.error.message).toContain('scenario.name');

    const before = world();
    const exported = server.simulator.exportScenario();
    for (const [change, message] of [
      [{ clock: { ...exported.state!.clock, rate: 1e9 } }, 'scenario.state.clock.rate: must be a number above 0 and at most 1000000'],
      [{ clock: { ...exported.state!.clock, now: '+275760-09-13T00:00:00.000Z' } }, 'scenario.state.clock.now'],
      [
        { settings: { ...exported.state!.settings, journalLimit: -1 } },
        'scenario.state.settings.journalLimit: must be an integer from 0 to 1000000',
      ],
    ] as const) {
      const res = await call('PUT', '/scenario', { ...exported, state: { ...exported.state!, ...change } });
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'InvalidScenario', message: expect.stringContaining(message) } } });
    }
    expect(world()).toEqual(before);
  });

  it('a vendor request cannot escape the engine: a failing journal costs neither the answer nor the process', async () => {
    // The engine's journal hook calls journal.add: make that throw, as a bad instant would.
    const failing = vi.spyOn(server.simulator.journal, 'add').mockImplementation(() => {
      throw new RangeError('Invalid time value');
    });
    const before = reported.length;
    try {
      expect((await listCards()).status).toBe(200);
      expect(reported.slice(before)).toEqual([expect.objectContaining({ message: 'Invalid time value' })]);
    } finally {
      failing.mockRestore();
    }
  });
});

describe('defence in depth: an instant that got in anyway', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      clock: { start: '2026-03-01T00:00:00Z', frozen: true },
      settings: { aliyunRequestsPerSecond: 0, signatureClock: 'simulated' },
    }); // signed by hand at the frozen clock's instants
  });
  afterAll(() => server?.close());

  it('costs the request the vendor system error, journalled, and the process goes on', async () => {
    const sim = server.simulator;
    const card = [...sim.fleet.allCards()].find((c) => c.accountId === 'acme')!;
    // Past every check (in code, straight into the fleet): JavaScript cannot print this date.
    sim.fleet.updateCard(card, (c) => (c.expiresAt = 8_640_000_000_000_001));
    const req = signedV1('GetCardDetail', '2021-05-20', { Iccid: card.iccid }, { at: sim.clock.now(), ...ALIYUN });
    const res = await fetch(`${server.url}/?${req.rawQuery}`, { headers: req.headers as Record<string, string> });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ Code: 'InternalError' });
    expect(sim.journal.all().at(-1)).toMatchObject({ action: 'GetCardDetail', status: 500, errorCode: 'InternalError' });
    // The next request is served.
    const clock = await fetch(`${server.url}/_sim/clock`);
    expect(clock.status).toBe(200);
  });
});
