import { DoIotRechargeRequest, QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleState } from '#src/fleet/lifecycle.js';
import type { Card, PlanKind } from '#src/fleet/model.js';
import { chinaDay, dayStart, nextPeriodStartDay } from '#src/fleet/usage/chinaDays.js';
import { usageProfile } from '#src/fleet/usage/profile.js';
import { sdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, type TestServer } from '#helpers/server.js';
import { clients, DAY, mb, mbText, usageServer } from './helpers.js';

let server: TestServer;
let api: ReturnType<typeof clients>;
/** Each group of tests gets a world of its own, starting on 10 March 2026 (groups move the clock far). */
function ownWorld(): void {
  beforeAll(async () => {
    server = await usageServer();
    api = clients(server);
    taken.clear();
  });
  afterAll(() => server?.close());
}

const taken = new Set<number>();
/** A fresh acme card matching `where`, not used by an earlier test. */
function cardWhere(where: (card: Card) => boolean): Card {
  const fleet = server.simulator.fleet;
  const accountId = fleet.credentials.lookup('aliyun-access-key', ALIYUN.accessKeyId)!.account.id;
  const card = [...fleet.allCards()].find((c) => c.accountId === accountId && !taken.has(c.id) && where(c));
  if (!card) throw new Error('no such card');
  taken.add(card.id);
  return card;
}

/** A card in use on a plan of this kind with at least 100 MB a month (so every day uses some KB). */
function cardInUse(kind: PlanKind): Card {
  const fleet = server.simulator.fleet;
  return cardWhere((c) => {
    const plan = fleet.plan(c.planId);
    return (
      c.state === 'active' &&
      plan.kind === kind &&
      plan.period === 'monthly' &&
      plan.dataKb >= 100 * 1024 &&
      c.expiresAt > Date.parse('2026-09-01')
    );
  });
}

/** How each vendor shows the card's state now. */
async function statuses(card: Card) {
  const detail = (await api.linkcard('GetCardDetail', { Iccid: card.iccid }))['VsimCardInfo'];
  const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
  return { status: detail.Status, osStatus: detail.OsStatus, simStatus: device.sim_status, operatorStatus: device.operator_status };
}

const IN_USE = { status: '30', osStatus: '100', simStatus: 20, operatorStatus: -1 };
const AT_QUOTA = { status: '35', osStatus: '300', simStatus: 14, operatorStatus: 1 };

describe('quota stops', () => {
  ownWorld();

  it("stops a card whose usage passes its plan at the end of that day, in both vendors' terms, and resumes it next period", async () => {
    const fleet = server.simulator.fleet;
    const card = cardInUse('single');
    const plan = fleet.plan(card.planId);
    expect(await statuses(card)).toEqual(IN_USE);
    // One KB short of the quota: 10 March's traffic passes it.
    fleet.setUsage(card, { dataKb: plan.dataKb - 1 }, server.simulator.clock.now());
    expect(card.state).toBe('active');

    server.simulator.clock.advance(DAY);
    expect(await statuses(card)).toEqual(AT_QUOTA);
    const used = card.usage.dataKb;
    expect(used).toBeGreaterThanOrEqual(plan.dataKb);
    const flow = await api.dyiotapi.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: card.iccid }));
    expect(flow.body.cardFlowInfos!.cardFlowInfo![0]).toMatchObject({ flowUsed: used, restOfFlow: 0 });
    // Stopped at midnight: nothing more is counted while it stays stopped.
    server.simulator.clock.advance(5 * DAY);
    expect(await api.linkcard('GetCardLatestFlow', { Iccid: card.iccid })).toBe(mbText(used));
    const history = await api.huawei('ListSimCardFlowPerDay', 'POST', '/v1/sim-cards/batch-daily-flow', {
      data: { month: '202603', sim_card_ids: [card.id] },
    });
    const flows = history.map((d: { sim_flow: Array<{ flow: number }> }) => d.sim_flow[0]!.flow);
    expect(flows.slice(10)).toEqual([0, 0, 0, 0, 0]);
    expect(flows[9]).toBeGreaterThan(0);

    // 1 April, 01:00 China time: a new period, the card in use again with nothing used yet.
    server.simulator.clock.set(Date.parse('2026-03-31T17:00:00Z'));
    expect(await statuses(card)).toEqual(IN_USE);
    const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    expect([device.flow_used, device.flow_left]).toEqual([0, mb(plan.dataKb)]);
  });

  it('resumes a card stopped at its quota when a renewal completes, with the allowance renewed', async () => {
    const fleet = server.simulator.fleet;
    const card = cardInUse('single');
    const plan = fleet.plan(card.planId);
    fleet.setUsage(card, { dataKb: plan.dataKb }, server.simulator.clock.now());
    expect(card.state).toBe('stoppedAtQuota');
    const renewed = await api.linkcard('Renew', { Iccid: card.iccid, BuyNum: 1 });
    expect((await statuses(card)).osStatus).toBe('300');
    server.simulator.clock.advance(server.simulator.settings.aliyunOperationDurationMs);
    expect((await api.linkcard('GetOperateResult', { SerialNo: renewed.SerialNo })).Status).toBe('SUCCESS');
    expect(await statuses(card)).toEqual(IN_USE);
    const listed = (await api.linkcard('ListCardInfo', { Iccid: card.iccid, PageNo: 1, PageSize: 10 }))['List'][0];
    expect([listed.PeriodAddFlow, listed.PeriodRestFlow]).toEqual([mbText(plan.dataKb), mbText(plan.dataKb)]);
  });

  it('cuts the network once growing usage passes a GSL exceed-cut-net quota', async () => {
    const fleet = server.simulator.fleet;
    const card = cardWhere(
      (c) => c.state === 'active' && fleet.plan(c.planId).dataKb >= 1024 * 1024 && fleet.plan(c.planId).period === 'monthly',
    );
    const show = () => api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    // A threshold 2 MB above today's figure: a light 1 GB card passes it within days.
    const quota = Math.floor((await show()).flow_used) + 2;
    await api.gsl.send('POST', '/v1/sim-cards/{sim_card_id}/exceed-cut-net', {
      pathParams: { sim_card_id: card.id },
      data: { action: 1, quota: String(quota) },
    });
    server.simulator.clock.advance(server.simulator.settings.huaweiWorkOrderDurationMs);
    expect(await show()).toMatchObject({ exceed_cut_net_flag: true, exceed_cut_net_quota: quota, cut_net_flag: false });
    server.simulator.clock.advance(15 * DAY);
    const shown = await show();
    expect(shown.flow_used).toBeGreaterThan(quota);
    expect(shown.cut_net_flag).toBe(true);
  });

  it('resumes a card stopped at its quota when a Dyiotapi recharge completes', async () => {
    const fleet = server.simulator.fleet;
    const card = cardInUse('single');
    fleet.setUsage(card, { dataKb: fleet.plan(card.planId).dataKb }, server.simulator.clock.now());
    const recharge = await api.dyiotapi.doIotRecharge(
      new DoIotRechargeRequest({ iccid: card.iccid, offerIds: 'X', orderNum: 1, outId: `usage-${card.id}` }),
    );
    expect(recharge.body.iotRecharge?.orderResult).toBe('PROCESSING');
    expect(card.state).toBe('stoppedAtQuota');
    server.simulator.clock.advance(server.simulator.settings.aliyunOperationDurationMs);
    expect(await statuses(card)).toEqual(IN_USE);
  });

  it('stops a pool card at its stop rule, and keeps it stopped over the rollover without AutoRestore', async () => {
    const fleet = server.simulator.fleet;
    // Noon on the 2nd of next month, China time: twenty days of this period ahead.
    const clock = server.simulator.clock;
    clock.set(dayStart(nextPeriodStartDay('monthly', chinaDay(clock.now())) + 1) + 12 * 3600_000);
    // Pool cards whose profile uses at least 150 KB a day: 2 MB within twenty days.
    const onBigPool = (c: Card) =>
      c.state === 'active' && fleet.plan(c.planId).kind === 'sharedPool' && usageProfile(fleet.seed, c, fleet.plan(c.planId)).meanKb >= 150;
    const keep = cardWhere(onBigPool);
    const restore = cardWhere(onBigPool);
    for (const [card, autoRestore] of [
      [keep, false],
      [restore, true],
    ] as const) {
      // A limit 1 MB above today's figure: a few days' traffic passes it.
      const limitMb = Math.ceil(card.usage.dataKb / 1024) + 1;
      expect(await api.linkcard('SetCardStopRule', { Iccid: card.iccid, FlowLimit: limitMb, AutoRestore: autoRestore })).toBe(true);
    }
    server.simulator.clock.advance(20 * DAY);
    for (const card of [keep, restore]) expect((await statuses(card)).osStatus).toBe('300');
    // 01:00 on the first day of the next month, China time: the rollover has just happened.
    server.simulator.clock.set(dayStart(nextPeriodStartDay('monthly', chinaDay(server.simulator.clock.now()))) + 3600_000);
    expect((await statuses(keep)).osStatus).toBe('300');
    expect((await statuses(restore)).osStatus).toBe('100');
  });
});

describe('lifecycle on time', () => {
  ownWorld();

  it('ends a test period, then activates at the end of the silent period, each at its own instant', async () => {
    const fleet = server.simulator.fleet;
    const card = cardWhere((c) => c.state === 'testing' && c.stateEndsAt !== undefined);
    const testEnds = card.stateEndsAt!;
    server.simulator.clock.set(testEnds - 1000);
    expect((await statuses(card)).status).toBe('10');
    server.simulator.clock.set(testEnds);
    expect(await statuses(card)).toMatchObject({ status: '20', simStatus: 13 });
    const silentEnds = card.stateEndsAt!;
    expect(silentEnds).toBeGreaterThan(testEnds);
    // Jumping well past it: the activation is stamped with the instant it was due.
    server.simulator.clock.set(silentEnds + 3 * DAY + 3600_000);
    expect(await statuses(card)).toMatchObject({ status: '30', simStatus: 20 });
    const detail = (await api.linkcard('GetCardDetail', { Iccid: card.iccid }))['VsimCardInfo'];
    const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    expect(device.act_date).toBe(new Date(silentEnds).toISOString());
    expect(detail.ActiveTime).toBe(new Date(silentEnds + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
    // First data from the day it activated: three whole days counted since.
    expect(card.usage.dataKb).toBeGreaterThan(0);
    expect(fleet.usage.day(card, Math.floor((silentEnds + 8 * 3600_000) / DAY) - 1).kb).toBe(0);
  });

  it('shuts a card down when its plan expires', async () => {
    const card = cardWhere((c) => c.state === 'active' && c.expiresAt > server.simulator.clock.now());
    server.simulator.clock.set(card.expiresAt + 1000);
    expect(await statuses(card)).toMatchObject({ status: '40', osStatus: '40', simStatus: 14, operatorStatus: 4 });
  });
});

describe('simultaneous stops and resumes on one card', () => {
  ownWorld();

  it('leaves one consistent state through linkcard, with exactly the wrong-state errors the vendor gives', async () => {
    const card = cardWhere((c) => c.state === 'active');
    const stop = () =>
      api.linkcard('StopSingleCard', { Iccid: card.iccid }).then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
    const resume = () =>
      api.linkcard('ResumeSingleCard', { Iccid: card.iccid }).then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
    const stops = await Promise.all(Array.from({ length: 8 }, stop));
    expect(stops.filter((r) => r === 'ok')).toHaveLength(1);
    expect(stops.filter((r) => r !== 'ok')).toEqual(Array(7).fill('InvalidCardStatus'));
    expect(card.state).toBe('stoppedByUser');
    const mixed = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? stop() : resume())));
    const ok = mixed.map((r, i) => [r, i % 2 ? 'stop' : 'resume'] as const).filter(([r]) => r === 'ok');
    const resumes = ok.filter(([, kind]) => kind === 'resume').length;
    const stopsOk = ok.filter(([, kind]) => kind === 'stop').length;
    expect(mixed.filter((r) => r !== 'ok').every((r) => r === 'InvalidCardStatus')).toBe(true);
    // Starting stopped, each success flips the card: resumes and stops alternate.
    expect(resumes - stopsOk).toBe(card.state === 'active' ? 1 : 0);
    expect(['active', 'stoppedByUser'] as LifecycleState[]).toContain(card.state);
  });

  it('takes one GSL stop work order and refuses the repeats with GSL.00016016', async () => {
    const card = cardWhere((c) => c.state === 'active');
    const stop = () =>
      api.gsl
        .send<{ work_order_id: number }>('POST', '/v1/sim-cards/{sim_card_id}/stop', { pathParams: { sim_card_id: card.id }, data: {} })
        .then(
          (r) => r.work_order_id,
          async (e: unknown) => (await sdkError(Promise.reject(e))).errorCode,
        );
    const results = await Promise.all(Array.from({ length: 6 }, stop));
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(1);
    expect(results.filter((r) => typeof r !== 'number')).toEqual(Array(5).fill('GSL.00016016'));
    server.simulator.clock.advance(server.simulator.settings.huaweiWorkOrderDurationMs);
    expect((await statuses(card)).operatorStatus).toBe(5);
    expect(card.state).toBe('stoppedByUser');
  });
});
