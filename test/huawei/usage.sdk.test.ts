import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import {
  expectCatalogueError,
  expectGslError,
  GslLikeClient,
  sdkError,
  type SdkResult,
  bodyOf,
  expectParameterError,
} from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;

/** YYYY-MM and YYYYMM of the month `back` months before now, in China time (UTC+8). */
function cycle(now: number, back: number): { dashed: string; plain: string } {
  const d = new Date(now + 8 * 3600_000);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  const label = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return { dashed: label, plain: label.replace('-', '') };
}

describe('GSL usage history over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let cards: Card[];

  const monthUsages = (data: Body) => client.send<Body>('POST', '/v1/sim-cards/month-usages', { data });
  const daily = (data: Body) => client.send<Body>('POST', '/v1/sim-cards/batch-daily-flow', { data });

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    cards = [...server.simulator.fleet.allCards()].filter((c) => c.accountId === acme.id && c.activatedAt !== undefined).slice(0, 3);
  });
  afterAll(() => server?.close());

  it('answers month usages per card and cycle: the current cycle is the card’s usage, past ones are stable', async () => {
    const now = server.simulator.clock.now();
    const cycles = [cycle(now, 0), cycle(now, 1)];
    const first = bodyOf(await monthUsages({ sim_card_ids: cards.map((c) => c.id), billing_cycles: cycles.map((c) => c.dashed) }));
    expect(gslContract.responseErrors('ShowMonthUsages', 200, first)).toEqual([]);
    const usages = first['month_usages'] as Array<{
      sim_card_id: number;
      iccid: string;
      flow_usages: Array<{ billing_cycle: string; flow_used: number }>;
    }>;
    expect(usages.map((u) => u.sim_card_id)).toEqual(cards.map((c) => c.id));
    expect(usages[0]!.flow_usages[0]).toEqual({
      billing_cycle: cycles[0]!.plain,
      flow_used: Math.round((cards[0]!.usage.dataKb / 1024) * 100) / 100,
    });
    expect(usages[0]!.flow_usages[1]!.billing_cycle).toBe(cycles[1]!.plain);
    const again = bodyOf(await monthUsages({ iccids: cards.map((c) => c.iccid), billing_cycles: cycles.map((c) => c.dashed) }));
    expect(again).toEqual(first);
  });

  it('refuses a future, too old or malformed billing cycle with GSL.00011004', async () => {
    const now = server.simulator.clock.now();
    for (const bad of [cycle(now, -1).dashed, cycle(now, 6).dashed, '2024/01']) {
      const err = await sdkError(monthUsages({ sim_card_ids: [cards[0]!.id], billing_cycles: [bad] }));
      expectCatalogueError(err, 'GSL.00011004');
      expect(err.errorMsg).toBe('账期不合法,请检查!');
    }
    await expectParameterError(
      client,
      monthUsages({ billing_cycles: [cycle(now, 0).dashed] }),
      'sim_card_ids and iccids cannot both be empty',
    );
    const unknown = await sdkError(monthUsages({ iccids: ['8986000000000000000'], billing_cycles: [cycle(now, 0).dashed] }));
    expectCatalogueError(unknown, 'GSL.00011011', { iccid: '8986000000000000000' });
    expect(unknown.errorMsg).toBe('The iccid:[8986000000000000000] does not exist.');
  });

  it('answers daily flow for the previous month, a day per element, the same figures every time', async () => {
    const now = server.simulator.clock.now();
    const previous = cycle(now, 1).plain;
    const result = (await daily({ month: previous, sim_card_ids: cards.map((c) => c.id) })) as unknown as SdkResult<Body>;
    const days = Object.values(bodyOf(result)).filter((v) => typeof v === 'object') as Array<{
      date: string;
      sim_flow: Array<{ sim_card_id: number; flow: number }>;
    }>;
    expect(days.length).toBeGreaterThanOrEqual(28);
    expect(gslContract.responseErrors('ListSimCardFlowPerDay', 200, days)).toEqual([]);
    expect(days[0]!.date).toBe(`${previous}01`);
    expect(days[0]!.sim_flow.map((f) => f.sim_card_id)).toEqual(cards.map((c) => c.id));
    const oneDay = (await daily({ date: days[9]!.date, iccids: cards.map((c) => c.iccid) })) as unknown as SdkResult<Body>;
    const single = Object.values(bodyOf(oneDay)).filter((v) => typeof v === 'object') as typeof days;
    expect(single).toEqual([days[9]]);
    // The page's own example sends the date as a JSON number ("date" : 20240821): read the same.
    const numeric = (await daily({ date: Number(days[9]!.date), iccids: cards.map((c) => c.iccid) })) as unknown as SdkResult<Body>;
    expect(Object.values(bodyOf(numeric)).filter((v) => typeof v === 'object')).toEqual([days[9]]);
  });

  it('refuses a daily-flow window outside the previous month to yesterday, and more than 100 cards', async () => {
    const now = server.simulator.clock.now();
    await expectParameterError(
      client,
      daily({ month: cycle(now, 2).plain, sim_card_ids: [cards[0]!.id] }),
      'month must be the current or the previous month',
    );
    await expectParameterError(
      client,
      daily({ month: cycle(now, 0).plain, date: '20240101', sim_card_ids: [cards[0]!.id] }),
      'month and date are mutually exclusive',
    );
    await expectParameterError(
      client,
      daily({ month: cycle(now, 0).plain, sim_card_ids: Array.from({ length: 101 }, (_, i) => i + 1) }),
      'sim_card_ids must NOT have more than 100 items',
    );
    // Too many ICCIDs has its own code.
    const iccids = Array.from({ length: 101 }, (_, i) => `898603${String(i).padStart(13, '0')}`);
    await expectGslError(daily({ month: cycle(now, 0).plain, iccids }), 'GSL.00011010');
  });
});
