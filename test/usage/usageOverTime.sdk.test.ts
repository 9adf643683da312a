import { QueryCardFlowInfoRequest, QueryCardHistoryFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, type CardInput } from '#src/fleet/fleet.js';
import { plainCard } from '#src/fleet/cardStore.js';
import type { Card } from '#src/fleet/model.js';
import { parseDayLabel } from '#src/fleet/usage/chinaDays.js';
import { ALIYUN, HUAWEI, type TestServer } from '#helpers/server.js';
import { clients, DAY, mb, mbText, usageServer } from './helpers.js';

/**
 * One card read through all three APIs, before and after a month passes: every figure comes from
 * the one usage model, each in its API's units (linkcard MB strings, Dyiotapi KB, GSL MB numbers).
 */
describe('usage over time, through every API', () => {
  let server: TestServer;
  let api: ReturnType<typeof clients>;
  let card: Card;

  beforeAll(async () => {
    server = await usageServer();
    api = clients(server);
    const fleet = server.simulator.fleet;
    const account = fleet.credentials.lookup('aliyun-access-key', ALIYUN.accessKeyId)!.account;
    expect(fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account).toBe(account);
    // A light card in use on a monthly single-card plan: it keeps running through the month.
    card = [...fleet.allCards()].find((c) => {
      const plan = fleet.plan(c.planId);
      return (
        c.accountId === account.id &&
        c.state === 'active' &&
        plan.kind === 'single' &&
        plan.period === 'monthly' &&
        c.activatedAt! < Date.parse('2026-01-01') &&
        c.expiresAt > Date.parse('2026-06-01') &&
        c.usage.dataKb > 0 &&
        c.usage.dataKb < plan.dataKb / 4
      );
    })!;
    expect(card).toBeDefined();
  });
  afterAll(() => server?.close());

  /** Every current-period figure each API shows for the card. */
  async function figures() {
    const listed = (await api.linkcard('ListCardInfo', { Iccid: card.iccid, PageNo: 1, PageSize: 10 }))['List'][0];
    const latest = await api.linkcard('GetCardLatestFlow', { Iccid: card.iccid });
    const dy = await api.dyiotapi.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: card.iccid }));
    const flowInfo = dy.body.cardFlowInfos!.cardFlowInfo![0]!;
    const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    return {
      linkcard: { used: listed.PeriodAddFlow, rest: listed.PeriodRestFlow, latest, modified: listed.FlowLatestModifiedTime },
      dyiotapi: { used: flowInfo.flowUsed, rest: flowInfo.restOfFlow },
      huawei: { used: device.flow_used, left: device.flow_left },
    };
  }

  /** The same figure in every API's units. */
  function expectOneStory(seen: Awaited<ReturnType<typeof figures>>): void {
    const plan = server.simulator.fleet.plan(card.planId);
    const used = card.usage.dataKb;
    expect(seen.linkcard).toMatchObject({ used: mbText(used), rest: mbText(plan.dataKb - used), latest: mbText(used) });
    expect(seen.dyiotapi).toEqual({ used, rest: plan.dataKb - used });
    expect(seen.huawei).toEqual({ used: mb(used), left: mb(plan.dataKb - used) });
  }

  it('shows the same figures everywhere, moved on by a month, with the month past summed from its days', async () => {
    const before = await figures();
    expectOneStory(before);
    // Counted to yesterday 24:00 China time (GSL's definition), on 10 March: nine days of March.
    expect(before.linkcard.modified).toBe('2026-03-10 00:00:00');
    const marchSoFar = card.usage.dataKb;

    server.simulator.clock.advance(30 * DAY);
    const after = await figures();
    expect(card.state).toBe('active');
    expectOneStory(after);
    // 9 April: a new period, counted through 8 April.
    expect(after.linkcard.modified).toBe('2026-04-09 00:00:00');

    // April so far, day by day: Dyiotapi in KB adds up to the period figure exactly.
    const april = await api.dyiotapi.queryCardHistoryFlowInfo(
      new QueryCardHistoryFlowInfoRequest({ iccid: card.iccid, startTime: '20260301', endTime: '20260409' }),
    );
    const [marchRow, aprilRow] = april.body.data!;
    expect(aprilRow!.month).toBe(202604);
    expect(aprilRow!.dayUsageList!.map((d) => d.day)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((d) => 20260400 + d));
    expect(aprilRow!.curValue).toBe(card.usage.dataKb);
    expect(aprilRow!.dayUsageList!.reduce((sum, d) => sum + d.value!, 0)).toBe(card.usage.dataKb);

    // March, now complete: its first nine days are what the figure was on 10 March, and it grew after.
    expect(marchRow!.dayUsageList).toHaveLength(31);
    const marchKb = marchRow!.curValue!;
    expect(marchRow!.dayUsageList!.slice(0, 9).reduce((sum, d) => sum + d.value!, 0)).toBe(marchSoFar);
    expect(marchKb).toBeGreaterThan(marchSoFar);

    // linkcard's months and days, in MB strings.
    const flow = await api.linkcard('GetCardFlowInfo', { Iccid: card.iccid, DateList: ['202603', '202604'] });
    expect(flow.ListCardMonthFlow.map((m: { Month: string; FlowCount: string }) => [m.Month, m.FlowCount])).toEqual([
      ['202603', mbText(marchKb)],
      ['202604', mbText(card.usage.dataKb)],
    ]);
    expect(flow.ListCardMonthFlow[1].ListDayFlow.map((d: { Flow: string }) => d.Flow)).toEqual(
      aprilRow!.dayUsageList!.map((d) => mbText(d.value!)),
    );

    // GSL: the billing cycles and the daily flow, in MB.
    const months = await api.huawei('ShowMonthUsages', 'POST', '/v1/sim-cards/month-usages', {
      data: { sim_card_ids: [card.id], billing_cycles: ['2026-03', '2026-04'] },
    });
    expect(months.month_usages[0].flow_usages).toEqual([
      { billing_cycle: '202603', flow_used: mb(marchKb) },
      { billing_cycle: '202604', flow_used: mb(card.usage.dataKb) },
    ]);
    const daily = await api.huawei('ListSimCardFlowPerDay', 'POST', '/v1/sim-cards/batch-daily-flow', {
      data: { month: '202603', sim_card_ids: [card.id] },
    });
    expect(daily.map((d: { date: string; sim_flow: Array<{ flow: number }> }) => [d.date, d.sim_flow[0]!.flow])).toEqual(
      marchRow!.dayUsageList!.map((d) => [String(d.day), mb(d.value!)]),
    );
  });

  it('tells the same history on every read, and a fleet with another seed tells another', async () => {
    const request = new QueryCardHistoryFlowInfoRequest({ iccid: card.iccid, startTime: '20260301', endTime: '20260331' });
    const first = await api.dyiotapi.queryCardHistoryFlowInfo(request);
    const again = await api.dyiotapi.queryCardHistoryFlowInfo(request);
    expect(again.body.data).toEqual(first.body.data);
    const fleet = server.simulator.fleet;
    const other = new Fleet({ seed: fleet.seed + 1 });
    for (const account of fleet.accounts()) other.addAccount(account);
    for (const plan of fleet.plans()) other.addPlan(plan);
    // The card's fields copied (a card is a view over the fleet's columns: spreading it copies nothing).
    const twin = other.addCard(plainCard(card) as unknown as CardInput);
    const first1March = parseDayLabel('20260301')!;
    const march = Array.from({ length: 31 }, (_, i) => fleet.usage.day(card, first1March + i).kb);
    const otherMarch = Array.from({ length: 31 }, (_, i) => other.usage.day(twin, first1March + i).kb);
    expect(march.reduce((a, b) => a + b)).toBe(first.body.data![0]!.curValue);
    expect(otherMarch).not.toEqual(march);
  });
});
