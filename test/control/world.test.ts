import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { startTestServer, type TestServer } from '#helpers/server.js';
import { changeWorld, control, expectChangesKept, pickProbeCards, readWorld } from '#helpers/worldProbe.js';

describe('the world under /_sim/: export, load, reset', () => {
  let source: TestServer;
  let target: TestServer;
  let cards: ReturnType<typeof pickProbeCards>;
  beforeAll(async () => {
    source = await startTestServer({ settings: { aliyunRequestsPerSecond: 0 } });
    target = await startTestServer();
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('loads an export into another simulator, which then answers every API exactly as the first', async () => {
    cards = pickProbeCards(source.simulator.fleet.allCards());
    await changeWorld(source.url, cards);
    const exported = await control(source.url, 'GET', '/state');
    expect(exported.status).toBe(200);
    expect(controlContract.responseErrors('ExportState', 200, exported.body)).toEqual([]);
    // Only the delta is written: a handful of cards, never the generated fleet.
    expect(exported.body.state.cards.length).toBeLessThan(10);
    expect(exported.body.state.removed).toEqual([cards.removed.iccid]);
    const before = await readWorld(source.url, cards);
    expectChangesKept(before);

    const loaded = await control(target.url, 'PUT', '/scenario', exported.body);
    expect(loaded.status).toBe(200);
    expect(controlContract.responseErrors('LoadScenario', 200, loaded.body)).toEqual([]);
    expect(loaded.body).toMatchObject({ scenario: 'default', cards: source.simulator.fleet.size });
    expect(target.simulator.settings.aliyunRequestsPerSecond).toBe(0);
    // The same answers down to the request ids: their generator's position was saved too.
    const after = await readWorld(target.url, cards);
    expect(after).toEqual(before);
    expect(target.simulator.exportScenario().state!.cards).toEqual(source.simulator.exportScenario().state!.cards);
  });

  it('resets to the generated fleet, leaving the clock alone', async () => {
    const clock = (await control(target.url, 'GET', '/clock')).body;
    const reset = await control(target.url, 'POST', '/reset');
    expect(reset.status).toBe(200);
    expect(controlContract.responseErrors('ResetWorld', 200, reset.body)).toEqual([]);
    expect((await control(target.url, 'GET', `/cards/${cards.removed.iccid}`)).status).toBe(200);
    expect((await control(target.url, 'GET', '/cards/89860100000000000018')).status).toBe(404);
    expect((await control(target.url, 'GET', `/cards/${cards.aliyunStopped.iccid}`)).body.state).toBe('active');
    expect(target.simulator.exportScenario().state).toMatchObject({ cards: [], removed: [] });
    expect((await control(target.url, 'GET', '/clock')).body.nowMs).toBe(clock.nowMs);
  });

  it('refuses a bad scenario with the parser message and keeps the world', async () => {
    const size = target.simulator.fleet.size;
    const bad = await control(target.url, 'PUT', '/scenario', {
      name: 'x',
      accounts: [{ id: 'a', name: 'A' }],
      cards: [{ account: 'zzz', iccid: '1' }],
    });
    expect(bad.status).toBe(400);
    expect(controlContract.responseErrors('LoadScenario', 400, bad.body)).toEqual([]);
    expect(bad.body.error).toMatchObject({
      code: 'InvalidScenario',
      message: expect.stringContaining("scenario.cards[0].account: unknown account 'zzz'"),
    });
    const newer = await control(target.url, 'PUT', '/scenario', { format: 99, name: 'x', accounts: [{ id: 'a', name: 'A' }] });
    expect(newer.body.error.message).toContain('scenario.format: is 99, but this iotcard-sim reads format 1');
    const exported = target.simulator.exportScenario();
    const tampered = { ...exported, state: { ...exported.state!, removed: ['89860000000000000000'] } };
    const unknown = await control(target.url, 'PUT', '/scenario', tampered);
    expect(unknown.body.error).toMatchObject({
      code: 'InvalidScenario',
      message: expect.stringContaining('state.removed: no generated card has ICCID 89860000000000000000'),
    });
    expect(target.simulator.fleet.size).toBe(size);
  });

  it('loads a plain scenario as a new world', async () => {
    const loaded = await control(target.url, 'PUT', '/scenario', {
      name: 'tiny',
      accounts: [{ id: 'solo', name: 'Solo', aliyun: { uid: '1', accessKeys: [{ accessKeyId: 'k', accessKeySecret: 's' }] } }],
      generate: [{ account: 'solo', count: 3 }],
    });
    expect(loaded.body).toMatchObject({ scenario: 'tiny', cards: 3 });
    expect((await control(target.url, 'GET', '/cards')).body.total).toBe(3);
    expect(target.simulator.scenario.name).toBe('tiny');
  });
});

describe('the clock under /_sim/', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: { start: '2026-03-01T00:00:00Z', frozen: true } });
  });
  afterAll(() => server?.close());

  it('sets, freezes, resumes and speeds up the clock', async () => {
    const set = await control(server.url, 'PUT', '/clock', { now: '2027-01-01T00:00:00Z' });
    expect(controlContract.responseErrors('SetClock', 200, set.body)).toEqual([]);
    expect(set.body).toMatchObject({ mode: 'frozen', now: '2027-01-01T00:00:00.000Z', rate: 1 });
    const fast = await control(server.url, 'PUT', '/clock', { mode: 'running', rate: 3600 });
    expect(fast.body).toMatchObject({ mode: 'running', rate: 3600 });
    expect(server.simulator.clock.rate).toBe(3600);
    const frozen = await control(server.url, 'PUT', '/clock', { mode: 'frozen', now: Date.parse('2027-02-01T00:00:00Z') });
    expect(frozen.body).toMatchObject({ mode: 'frozen', now: '2027-02-01T00:00:00.000Z', rate: 3600 });
  });

  it('changes nothing when a field is bad', async () => {
    const { offsetMs: _, ...before } = (await control(server.url, 'GET', '/clock')).body;
    for (const body of [
      { rate: 0 },
      { rate: 'fast' },
      { mode: 'paused' },
      { now: 'tomorrow' },
      { now: '2027-01-01T00:00:00' },
      { speed: 2 },
      'nonsense',
    ]) {
      const res = await control(server.url, 'PUT', '/clock', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(controlContract.responseErrors('SetClock', 400, res.body)).toEqual([]);
    }
    expect((await control(server.url, 'GET', '/clock')).body).toMatchObject(before);
  });
});

describe('cards under /_sim/', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: { start: '2026-03-01T00:00:00Z', frozen: true } });
  });
  afterAll(() => server?.close());
  const checked = <R extends { status: number; body: any }>(op: string, res: R): R => {
    expect(controlContract.responseErrors(op, res.status, res.body), JSON.stringify(res.body)).toEqual([]);
    return res;
  };

  it('lists cards of every account, one account or one state, page by page', async () => {
    const fleet = server.simulator.fleet;
    const all = checked('ListCards', await control(server.url, 'GET', '/cards?limit=1000'));
    expect(all.body.total).toBe(fleet.size);
    // Account by account, each in fleet order.
    const byAccount = fleet.accounts().flatMap((a) => [...fleet.allCards()].filter((c) => c.accountId === a.id));
    expect(all.body.items.map((c: { iccid: string }) => c.iccid)).toEqual(byAccount.slice(0, 1000).map((c) => c.iccid));
    const globex = [...fleet.allCards()].filter((c) => c.accountId === 'globex' && c.state === 'active');
    const page = checked('ListCards', await control(server.url, 'GET', '/cards?account=globex&state=active&offset=2&limit=3'));
    expect(page.body).toMatchObject({ total: globex.length, offset: 2, limit: 3 });
    expect(page.body.items.map((c: { iccid: string }) => c.iccid)).toEqual(globex.slice(2, 5).map((c) => c.iccid));
    // A page across the boundary between two accounts.
    const acmeCount = [...fleet.allCards()].filter((c) => c.accountId === 'acme').length;
    const across = await control(server.url, 'GET', `/cards?offset=${acmeCount - 1}&limit=2`);
    expect(across.body.items.map((c: { accountId: string }) => c.accountId)).toEqual(['acme', fleet.accounts()[1]!.id]);
    const one = await control(server.url, 'GET', `/cards?iccid=${globex[0]!.iccid}`);
    expect(one.body).toMatchObject({ total: 1, items: [{ iccid: globex[0]!.iccid }] });
    expect((await control(server.url, 'GET', '/cards?state=sleeping')).status).toBe(400);
    expect((await control(server.url, 'GET', '/cards?limit=0')).status).toBe(400);
    expect((await control(server.url, 'GET', '/cards?account=nobody')).status).toBe(400);
  });

  it('adds a card like a pinned one, refusing a bad check digit, a known ICCID or an unknown plan', async () => {
    const added = checked(
      'AddCard',
      await control(server.url, 'POST', '/cards', { account: 'globex', iccid: '89860100000000000018', tags: ['new'] }),
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      accountId: 'globex',
      iccid: '89860100000000000018',
      carrier: 'CUCC',
      state: 'active',
      tags: ['new'],
    });
    expect(server.simulator.fleet.cardByIccid('globex', '89860100000000000018')?.id).toBe(added.body.id);
    const refusals: Array<[unknown, string]> = [
      [{ account: 'globex', iccid: '89860100000000000019' }, 'card.iccid: 89860100000000000019 has a wrong check digit (Luhn)'],
      [{ account: 'globex', iccid: '89860100000000000018' }, 'already exists'],
      [{ account: 'globex', iccid: '89860100000000000026', plan: 'NOPE' }, "card.plan: unknown plan 'NOPE'"],
      [{ account: 'nobody', iccid: '89860100000000000026' }, "card.account: unknown account 'nobody'"],
      [{ account: 'globex' }, 'card.iccid'],
    ];
    for (const [body, message] of refusals) {
      const res = checked('AddCard', await control(server.url, 'POST', '/cards', body));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it('changes, forces, sets usage and removes a card; an unknown ICCID is 404', async () => {
    const card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'acme' && c.imei !== undefined)!;
    const path = `/cards/${card.iccid}`;
    const patched = checked(
      'UpdateCard',
      await control(server.url, 'PATCH', path, {
        tags: ['x', 'x', 'y'],
        remark: 'hello',
        apn: 'cmiot',
        realNameStatus: 'approving',
        imei: null,
      }),
    );
    expect(patched.body).toMatchObject({ tags: ['x', 'y'], remark: 'hello', apn: 'cmiot', realNameStatus: 'approving' });
    expect(patched.body).not.toHaveProperty('imei');
    expect(server.simulator.fleet.tagCounts('acme').get('y')).toBeGreaterThan(0);
    for (const body of [{ plan: 'NOPE' }, { iccid: '1' }, { state: 'active' }, { tags: null }, { expiresAt: '2000-01-01T00:00:00Z' }]) {
      const res = checked('UpdateCard', await control(server.url, 'PATCH', path, body));
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(server.simulator.fleet.cardWithIccid(card.iccid)!.remark).toBe('hello');

    const forced = checked('ForceCardState', await control(server.url, 'PUT', `${path}/state`, { state: 'stoppedAbnormal' }));
    expect(forced.body.state).toBe('stoppedAbnormal');
    expect(server.simulator.fleet.stateCounts('acme').get('stoppedAbnormal')).toBeGreaterThan(0);
    expect(checked('ForceCardState', await control(server.url, 'PUT', `${path}/state`, { state: 'asleep' })).status).toBe(400);

    const usage = checked('SetCardUsage', await control(server.url, 'PUT', `${path}/usage`, { dataKb: 1024, voiceMin: 3 }));
    expect(usage.body.usage).toMatchObject({ dataKb: 1024, voiceMin: 3 });
    expect(checked('SetCardUsage', await control(server.url, 'PUT', `${path}/usage`, { dataKb: -1 })).status).toBe(400);

    const removed = checked('RemoveCard', await control(server.url, 'DELETE', path));
    expect(removed.body.iccid).toBe(card.iccid);
    expect(server.simulator.fleet.cardWithIccid(card.iccid)).toBeUndefined();
    for (const [method, p] of [
      ['GET', path],
      ['DELETE', path],
      ['PATCH', path],
      ['PUT', `${path}/state`],
    ] as const) {
      const res = await control(server.url, method, p, method === 'PUT' ? { state: 'active' } : method === 'PATCH' ? {} : undefined);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CardNotFound');
    }
  });
});
