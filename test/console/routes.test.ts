import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM build script, without types
import { buildConsole } from '../../scripts/build-console.mjs';
import { controlContract } from '#src/control/contract.js';
import { flowText } from '#simulator/aliyun/views/units.js';
import { GslLikeClient } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/** The control routes the console reads, over HTTP, each answer checked against the control contract. */
describe('console routes of the control plane', () => {
  let server: TestServer;
  const get = async (path: string) => {
    const res = await fetch(`${server.url}/_sim${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const valid = (operationId: string, answer: { status: number; body: unknown }) =>
    expect(controlContract.responseErrors(operationId, answer.status, answer.body)).toEqual([]);

  beforeAll(async () => {
    server = await startTestServer({
      clock: { start: '2026-03-15T04:00:00Z', frozen: true },
      settings: { signatureWindowMs: Number.MAX_SAFE_INTEGER, aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
    });
  });
  afterAll(() => server?.close());

  it('overview: per account, the state, carrier, plan and usage-band counts add up to its cards, and each usage band is the cards ListCards finds in it', async () => {
    const overview = await get('/overview');
    valid('GetOverview', overview);
    expect(overview.body.cards).toBe(server.simulator.fleet.size);
    let total = 0;
    for (const account of overview.body.accounts) {
      const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
      expect(sum(account.states)).toBe(account.cards);
      expect(sum(account.carriers)).toBe(account.cards);
      expect(sum(account.usage.bands)).toBe(account.cards);
      expect(account.plans.reduce((a: number, p: { cards: number }) => a + p.cards, 0)).toBe(account.cards);
      expect((await get(`/cards?account=${account.id}&limit=1`)).body.total).toBe(account.cards);
      for (const [band, n] of Object.entries(account.usage.bands))
        expect((await get(`/cards?account=${account.id}&quota=${band}&limit=1`)).body.total).toBe(n);
      total += account.cards;
    }
    expect(total).toBe(overview.body.cards);
    const acme = overview.body.accounts.find((a: { id: string }) => a.id === 'acme');
    expect(acme.vendors).toEqual(['aliyun', 'huawei']);
    expect(acme.usage.bands.over).toBeGreaterThan(0);
    // Past quota: every card found has used its allowance (plan plus top-ups) or more.
    const over = await get('/cards?account=acme&quota=over&limit=1000');
    valid('ListCards', over);
    const plans = new Map(server.simulator.fleet.plans().map((p) => [p.id, p.dataKb]));
    for (const card of over.body.items)
      expect(card.usage.dataKb).toBeGreaterThanOrEqual(plans.get(card.planId)! + (card.usage.topUpKb ?? 0));
    const near = (await get('/cards?account=acme&quota=under100,over&limit=1')).body.total;
    expect(near).toBe(acme.usage.bands.under100 + acme.usage.bands.over);
    expect((await get('/cards?quota=nearly')).body).toMatchObject({ error: { code: 'InvalidParameter' } });
  });

  it('cards: search finds a card by its whole ICCID, MSISDN or IMSI; carrier, plan and tag filter from the indexes', async () => {
    const first = (await get('/cards?account=acme&state=active&limit=1')).body.items[0];
    for (const id of [first.iccid, first.msisdn, first.imsi]) {
      const found = await get(`/cards?search=${id}`);
      valid('ListCards', found);
      expect(found.body.items.map((c: { iccid: string }) => c.iccid)).toEqual([first.iccid]);
    }
    expect((await get(`/cards?search=${first.msisdn}&state=cancelled`)).body.total).toBe(0);
    expect((await get('/cards?search=0000')).body.total).toBe(0);
    const cmcc = await get('/cards?carrier=CMCC&limit=1000');
    expect(cmcc.body.items.every((c: { carrier: string }) => c.carrier === 'CMCC')).toBe(true);
    const plan = cmcc.body.items[0].planId;
    const onPlan = await get(`/cards?plan=${plan}&limit=1000`);
    expect(onPlan.body.total).toBeGreaterThan(0);
    expect(onPlan.body.items.every((c: { planId: string }) => c.planId === plan)).toBe(true);
    const tagged = (await get('/cards?limit=1000')).body.items.find((c: { tags: string[] }) => c.tags.length > 0);
    const byTag = await get(`/cards?tag=${encodeURIComponent(tagged.tags[0])}&limit=1000`);
    expect(byTag.body.items.every((c: { tags: string[] }) => c.tags.includes(tagged.tags[0]))).toBe(true);
    expect((await get('/cards?carrier=XX')).body).toMatchObject({ error: { code: 'InvalidParameter' } });
    expect((await get('/cards?plan=NOPE')).status).toBe(400);
  });

  it('one card: its vendor views are what the SDKs read, its usage history the days GetCardFlowInfo answers', async () => {
    const card = (await get('/cards?account=acme&state=active&carrier=CMCC&limit=1')).body.items[0];
    const views = await get(`/cards/${card.iccid}/views`);
    valid('GetCardViews', views);
    const linkcard = new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
    const listed = ((await linkcard.request('ListCardInfo', { Iccid: card.iccid, PageNo: 1, PageSize: 10 }, { method: 'POST' })) as any)
      .Data.List[0];
    // pop-core reads 16-digit numbers as strings (json-bigint): the same digits on the wire.
    const sameDigits = (item: Record<string, unknown>) => ({ ...item, VsimInstanceId: String(item['VsimInstanceId']) });
    expect(sameDigits(views.body.linkcard)).toEqual(sameDigits(JSON.parse(JSON.stringify(listed))));
    const gsl = await GslLikeClient.withKeys(server.url, HUAWEI).showSimCard<Record<string, unknown>>(card.id);
    for (const field of ['sim_status', 'operator_status', 'flow_used', 'flow_left', 'price_plan_name'])
      expect(views.body.gsl[field]).toEqual(gsl[field]);

    const history = await get(`/cards/${card.iccid}/usage?months=2`);
    valid('GetCardUsageHistory', history);
    expect(history.body.months.map((m: { month: string }) => m.month)).toEqual(['202602', '202603']);
    const flow = (
      (await linkcard.request(
        'GetCardFlowInfo',
        { Iccid: card.iccid, DateList: JSON.stringify(['202602', '202603']) },
        { method: 'POST' },
      )) as any
    ).Data;
    // The same days and figures, in the units GetCardFlowInfo prints them.
    const printed = history.body.months.map((m: { month: string; kb: number; days: Array<{ day: string; kb: number }> }) => ({
      Month: m.month,
      FlowCount: flowText(m.kb),
      ListDayFlow: m.days.map((d) => ({ Day: d.day, Flow: flowText(d.kb) })),
    }));
    expect(flow.ListCardMonthFlow).toEqual(printed);
    expect(printed[0].ListDayFlow.length).toBeGreaterThan(20);
    expect(history.body.period.flowUsedMb).toBe(gsl['flow_used']);
    expect((await get(`/cards/${card.iccid}/usage?months=13`)).status).toBe(400);

    const activity = await get(`/cards/${card.iccid}/activity`);
    valid('GetCardActivity', activity);
    expect(activity.body.story[0].what).toBe('opened (delivered)');
    for (const route of ['views', 'usage', 'activity']) expect((await get(`/cards/89860000000000000000/${route}`)).status).toBe(404);
  });

  it('activity: a GSL stop shows as its work order and in the story', async () => {
    const card = (await get('/cards?account=acme&state=active&limit=1&offset=5')).body.items[0];
    await GslLikeClient.withKeys(server.url, HUAWEI).send('POST', '/v1/sim-cards/{sim_card_id}/stop', {
      pathParams: { sim_card_id: card.id },
      data: {},
    });
    await fetch(`${server.url}/_sim/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '+10m' }) });
    const activity = await get(`/cards/${card.iccid}/activity`);
    valid('GetCardActivity', activity);
    expect(activity.body.state).toBe('stoppedByUser');
    expect(activity.body.workOrders).toMatchObject([{ operation: 'stop', status: 'completed' }]);
    expect(activity.body.story.map((e: { what: string }) => e.what)).toContain('work order stop completed');
  });

  it('events: a journal entry for each SDK call as it happens, then a change with the clock; closing the stream unsubscribes', async () => {
    const journal = server.simulator.journal as unknown as { listeners: unknown[] };
    expect(journal.listeners).toHaveLength(0);
    const abort = new AbortController();
    const res = await fetch(`${server.url}/_sim/events?vendor=aliyun`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const text = new TextDecoder();
    let received = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(received)) received += text.decode((await reader.read()).value);
    };
    await until(/event: clock\ndata: \{"mode":"frozen"/);
    expect(journal.listeners).toHaveLength(1);
    const card = (await get('/cards?account=acme&limit=1')).body.items[0];
    await GslLikeClient.withKeys(server.url, HUAWEI).showSimCard(card.id); // filtered out: huawei
    await new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' }).request(
      'GetCardDetail',
      { Iccid: card.iccid },
      { method: 'POST' },
    );
    await until(/event: journal\ndata: .*"action":"GetCardDetail"/);
    expect(received).not.toContain('ShowSimCard');
    const entry = JSON.parse(/event: journal\ndata: (.*)\n/.exec(received)![1]!);
    // Each event carries a JournalEntry exactly as ListJournal pages them.
    expect(controlContract.responseErrors('ListJournal', 200, { total: 1, offset: 0, limit: 1, entries: [entry] })).toEqual([]);
    await until(/event: change\ndata: \{"clock":/);
    abort.abort();
    await expect.poll(() => journal.listeners.length, { timeout: 15_000 }).toBe(0);
  });

  it('serves the page and its assets (built), redirects /_sim to /_sim/, and names nothing outside the built folder', async () => {
    await buildConsole();
    const page = await fetch(`${server.url}/_sim/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="console/app.js">');
    const app = await fetch(`${server.url}/_sim/console/app.js`);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await app.text()).length).toBeGreaterThan(10_000);
    const bare = await fetch(`${server.url}/_sim`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/_sim/']);
    expect((await fetch(`${server.url}/_sim/console/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/_sim/console/nothing.js`)).status).toBe(404);
    // The JSON API beside it is unchanged.
    expect((await get('/clock')).body).toMatchObject({ mode: 'frozen' });
  });
});
