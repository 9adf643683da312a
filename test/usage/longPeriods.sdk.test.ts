import { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '#fixtures/scenario.js';
import type { BillingPeriod } from '#src/fleet/model.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';
import { ANY_SIGNED_TIME_MS, clients, mb } from './helpers.js';

/**
 * Quarterly, half-yearly and yearly plans roll over on the China-time calendar (a quarter starts
 * in January, April, July or October, a half year in January or July): at each boundary only the
 * periods that end reset, and a card stopped at its quota resumes at its own new period, not at
 * another plan's. Read through linkcard, Dyiotapi and GSL just after each boundary.
 */
const PLANS: Record<Exclude<BillingPeriod, 'monthly'>, { plan: string; allowanceKb: number; inUse: string; atQuota: string }> = {
  quarterly: { plan: 'CM-SF-Q-2-300M', allowanceKb: 300 * 1024, inUse: '89860007700000000017', atQuota: '89860007700000000025' },
  'half-yearly': { plan: 'CM-SF-H-2-1G', allowanceKb: 1024 * 1024, inUse: '89860007700000000033', atQuota: '89860007700000000041' },
  yearly: { plan: 'CM-SF-Y-2-1G', allowanceKb: 1024 * 1024, inUse: '89860007700000000058', atQuota: '89860007700000000066' },
};
const PERIODS = Object.keys(PLANS) as Array<keyof typeof PLANS>;
/** Live long before and long after the test's nine months, so only usage moves them. */
const LIFE = { activatedAt: '2025-06-01T10:00:00+08:00', expiresAt: '2030-12-31T23:59:59+08:00' };

const scenario: Scenario = {
  name: 'long-periods',
  seed: 7,
  accounts: [
    {
      id: 'periods',
      name: 'Long Periods Ltd',
      aliyun: { uid: '1777000011112222', accessKeys: [{ ...ALIYUN }] },
      huawei: {
        domainName: 'periods',
        domainId: 'a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7',
        projectId: HUAWEI.projectId,
        akSk: [{ ak: HUAWEI.ak, sk: HUAWEI.sk }],
      },
    },
  ],
  cards: PERIODS.flatMap((period) => {
    const { plan, allowanceKb, inUse, atQuota } = PLANS[period];
    return [
      { account: 'periods', iccid: inUse, plan, state: 'active' as const, ...LIFE, usage: { dataKb: 2048 } },
      // Stopped at the plan's quota: the period's whole allowance used.
      { account: 'periods', iccid: atQuota, plan, state: 'stoppedAtQuota' as const, ...LIFE, usage: { dataKb: allowanceKb } },
    ];
  }),
};

/** China time, as the carriers count periods. */
const china = (local: string) => Date.parse(`${local}+08:00`);

describe('quarterly, half-yearly and yearly periods roll over on the calendar', () => {
  let server: TestServer;
  let api: ReturnType<typeof clients>;
  beforeAll(async () => {
    server = await startTestServer({
      scenario,
      clock: { start: china('2026-03-25T12:00:00'), frozen: true },
      // The SDKs sign with the real time; the simulated clock runs nine months from it.
      settings: { signatureWindowMs: ANY_SIGNED_TIME_MS, aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
    });
    api = clients(server);
  });
  afterAll(() => server?.close());

  /** One card in both vendors' terms: Alibaba's states and KB, GSL's states and MB. */
  async function seen(iccid: string) {
    const card = server.simulator.fleet.cardWithIccid(iccid)!;
    const detail = (await api.linkcard('GetCardDetail', { Iccid: iccid }))['VsimCardInfo'];
    const flow = (await api.dyiotapi.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid }))).body.cardFlowInfos!.cardFlowInfo![0]!;
    const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    return {
      aliyun: { status: detail.Status, osStatus: detail.OsStatus, usedKb: flow.flowUsed!, restKb: flow.restOfFlow! },
      huawei: { simStatus: device.sim_status, operatorStatus: device.operator_status, usedMb: device.flow_used, leftMb: device.flow_left },
    };
  }

  const IN_USE = { aliyun: { status: '30', osStatus: '100' }, huawei: { simStatus: 20, operatorStatus: -1 } };
  const AT_QUOTA = { aliyun: { status: '35', osStatus: '300' }, huawei: { simStatus: 14, operatorStatus: 1 } };

  /** A period just begun: nothing counted yet (the figure runs to yesterday), the whole allowance left, in use. */
  async function expectFresh(period: keyof typeof PLANS, iccid: string) {
    const kb = PLANS[period].allowanceKb;
    expect(await seen(iccid), `${period} ${iccid}`).toEqual({
      aliyun: { ...IN_USE.aliyun, usedKb: 0, restKb: kb },
      huawei: { ...IN_USE.huawei, usedMb: 0, leftMb: mb(kb) },
    });
  }

  /** A period still running: the figure kept (and grown while in use), shown alike by both vendors. */
  async function expectRunning(period: keyof typeof PLANS, iccid: string, atLeastKb: number) {
    const now = await seen(iccid);
    const left = Math.max(0, PLANS[period].allowanceKb - now.aliyun.usedKb);
    expect(now.aliyun.usedKb, `${period} ${iccid} kept its period's usage`).toBeGreaterThanOrEqual(atLeastKb);
    expect(now.aliyun.restKb).toBe(left);
    expect(now.huawei).toMatchObject({ usedMb: mb(now.aliyun.usedKb), leftMb: mb(left) });
    return now;
  }

  const stillAtQuota = async (period: keyof typeof PLANS) => {
    const kb = PLANS[period].allowanceKb;
    expect(await seen(PLANS[period].atQuota), `${period} stays stopped until its own period ends`).toEqual({
      aliyun: { ...AT_QUOTA.aliyun, usedKb: kb, restKb: 0 },
      huawei: { ...AT_QUOTA.huawei, usedMb: mb(kb), leftMb: 0 },
    });
  };

  it('before any boundary, every card shows its pinned figures', async () => {
    for (const period of PERIODS) {
      const inUse = await expectRunning(period, PLANS[period].inUse, 2048);
      expect(inUse.aliyun).toMatchObject(IN_USE.aliyun);
      await stillAtQuota(period);
    }
  });

  it('1 April: the quarter ends, the half year and the year run on', async () => {
    const before = (await seen(PLANS['half-yearly'].inUse)).aliyun.usedKb;
    server.simulator.clock.set(china('2026-04-01T01:00:00'));
    await expectFresh('quarterly', PLANS.quarterly.inUse);
    await expectFresh('quarterly', PLANS.quarterly.atQuota);
    // 25–31 March counted on top of what the half year had: it grew, it did not reset.
    const grown = await expectRunning('half-yearly', PLANS['half-yearly'].inUse, before + 1);
    expect(grown.aliyun).toMatchObject(IN_USE.aliyun);
    await expectRunning('yearly', PLANS.yearly.inUse, 2048 + 1);
    await stillAtQuota('half-yearly');
    await stillAtQuota('yearly');
  });

  it('1 July: the quarter and the half year end, the year runs on', async () => {
    const yearSoFar = (await seen(PLANS.yearly.inUse)).aliyun.usedKb;
    server.simulator.clock.set(china('2026-07-01T01:00:00'));
    for (const period of ['quarterly', 'half-yearly'] as const) {
      await expectFresh(period, PLANS[period].inUse);
      await expectFresh(period, PLANS[period].atQuota);
    }
    await expectRunning('yearly', PLANS.yearly.inUse, yearSoFar + 1);
    await stillAtQuota('yearly');
  });

  it('1 January: every period ends and the yearly card stopped at its quota resumes', async () => {
    // The last day of the year: the yearly card is still stopped.
    server.simulator.clock.set(china('2026-12-31T23:00:00'));
    await stillAtQuota('yearly');
    server.simulator.clock.set(china('2027-01-01T01:00:00'));
    for (const period of PERIODS) {
      await expectFresh(period, PLANS[period].inUse);
      await expectFresh(period, PLANS[period].atQuota);
    }
  });
});
