import { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card, Plan } from '#src/fleet/model.js';
import { chinaDay } from '#src/fleet/usage/chinaDays.js';
import { emptyDay, modelledDay } from '#src/fleet/usage/daily.js';
import { usageProfile } from '#src/fleet/usage/profile.js';
import { control } from '#helpers/worldProbe.js';
import { ALIYUN, type TestServer } from '#helpers/server.js';
import { clients, DAY, mb, START, usageServer } from '../usage/helpers.js';

/**
 * The control plane changes the world as of the clock's now, as a vendor request would see it:
 * after a clock jump, the days in between are counted (and the timers due in them fire) under the
 * card's state and plan from before the change. Regression: a forced state or a plan change used
 * to land at the last settle, quieting or re-pricing the days the card had already lived.
 */
describe('control-plane changes after a clock jump', () => {
  let server: TestServer;
  let api: ReturnType<typeof clients>;
  const taken = new Set<number>();
  // Each test gets a world of its own on 10 March 2026, as the tests move its clock.
  beforeEach(async () => {
    server = await usageServer();
    api = clients(server);
  });
  afterEach(() => server?.close());

  /** The KB the usage model gives the card on the China days [first, until), on `plan`, ignoring state. */
  const modelledKb = (card: Card, plan: Plan, first: number, until: number) => {
    const profile = usageProfile(server.simulator.fleet.seed, card, plan);
    let kb = 0;
    for (let d = first; d < until; d++) kb += modelledDay(profile, d, emptyDay()).kb;
    return kb;
  };

  /** A fresh acme card matching `where`. */
  const acmeCard = (where: (card: Card, plan: Plan) => boolean): Card => {
    const fleet = server.simulator.fleet;
    const accountId = fleet.credentials.lookup('aliyun-access-key', ALIYUN.accessKeyId)!.account.id;
    const card = [...fleet.allCards()].find((c) => c.accountId === accountId && !taken.has(c.id) && where(c, fleet.plan(c.planId)));
    if (!card) throw new Error('no such card');
    taken.add(card.id);
    return card;
  };

  /** The period figure through Dyiotapi (KB) and GSL (MB). */
  const usedNow = async (card: Card) => {
    const flow = await api.dyiotapi.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: card.iccid }));
    const device = await api.huawei('ShowSimCard', 'GET', '/v1/sim-cards/{sim_card_id}', { pathParams: { sim_card_id: card.id } });
    return { kb: flow.body.cardFlowInfos!.cardFlowInfo![0]!.flowUsed, mb: device.flow_used };
  };

  const advance = async (by: string) => expect((await control(server.url, 'POST', '/clock/advance', { by })).status).toBe(200);

  it('a forced state counts the days before it, stamped at the clock, and timers due before it fire', async () => {
    const today = chinaDay(START);
    // Runs the ten days without reaching its quota or expiring.
    const inUse = acmeCard(
      (c, p) =>
        c.state === 'active' &&
        p.period === 'monthly' &&
        c.expiresAt > START + 60 * DAY &&
        c.usage.dataKb + modelledKb(c, p, today, today + 11) < p.dataKb,
    );
    // Silent, first data due within the ten days: it must activate before it is forced.
    const silent = acmeCard(
      (c, p) =>
        c.state === 'silent' &&
        c.stateEndsAt! > START + DAY &&
        c.stateEndsAt! < START + 8 * DAY &&
        p.period === 'monthly' &&
        modelledKb(c, p, today, today + 11) < p.dataKb,
    );
    const activatesAt = silent.stateEndsAt!;
    const before = inUse.usage.dataKb;
    const tenDays = modelledKb(inUse, server.simulator.fleet.plan(inUse.planId), today, today + 10);
    expect(tenDays).toBeGreaterThan(0);

    await advance('+10d');
    const forced = await control(server.url, 'PUT', `/cards/${inUse.iccid}/state`, { state: 'stoppedAbnormal' });
    expect(forced.body).toMatchObject({ state: 'stoppedAbnormal', usage: { dataKb: before + tenDays } });
    expect(await usedNow(inUse)).toEqual({ kb: before + tenDays, mb: mb(before + tenDays) });

    const forcedSilent = await control(server.url, 'PUT', `/cards/${silent.iccid}/state`, { state: 'stoppedAbnormal' });
    expect(forcedSilent.body).toMatchObject({ state: 'stoppedAbnormal', activatedAt: activatesAt });
    const activeDays = modelledKb(silent, server.simulator.fleet.plan(silent.planId), chinaDay(activatesAt), today + 10);
    expect(activeDays).toBeGreaterThan(0);
    expect(await usedNow(silent)).toEqual({ kb: activeDays, mb: mb(activeDays) });

    // Forced at noon on 20 March: that day still counts, the days after it do not.
    const dayTwenty = modelledKb(inUse, server.simulator.fleet.plan(inUse.planId), today + 10, today + 11);
    await advance('+3d');
    expect((await usedNow(inUse)).kb).toBe(before + tenDays + dayTwenty);
  });

  it('a plan change counts the days before it under the plan they were used on', async () => {
    const fleet = server.simulator.fleet;
    const today = chinaDay(START);
    let bigger: Plan | undefined;
    const card = acmeCard((c, p) => {
      if (c.state !== 'active' || p.period !== 'monthly' || p.kind !== 'single' || !(c.expiresAt > START + 60 * DAY)) return false;
      // A plan of the same carrier with four times the allowance: its profile uses more a day.
      bigger = fleet
        .plans()
        .find((q) => q.carrier === p.carrier && q.kind === 'single' && q.period === 'monthly' && q.dataKb >= 4 * p.dataKb);
      return bigger !== undefined && c.usage.dataKb + modelledKb(c, p, today, today + 10) < p.dataKb;
    });
    const plan = fleet.plan(card.planId);
    const before = card.usage.dataKb;
    const underOld = modelledKb(card, plan, today, today + 10);
    // The test could not fail if both plans gave the same days.
    expect(modelledKb(card, bigger!, today, today + 10)).not.toBe(underOld);

    await advance('+10d');
    const patched = await control(server.url, 'PATCH', `/cards/${card.iccid}`, { plan: bigger!.id });
    expect(patched.body).toMatchObject({ planId: bigger!.id, usage: { dataKb: before + underOld } });
    expect(await usedNow(card)).toEqual({ kb: before + underOld, mb: mb(before + underOld) });
  });
});
