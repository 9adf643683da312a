import { controlCall } from '#helpers/controlCall.js';
import { reloaded } from '#helpers/changeLogWorld.js';
import { describe, expect, it } from 'vitest';
import { freshStateFile } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, responseText } from '#src/index.js';
import { chinaDay } from '#src/fleet/usage/chinaDays.js';
import type { Card } from '#src/fleet/model.js';
import type { SimResponse } from '#src/engine/simResponse.js';
import type { Simulator } from '#src/simulator.js';
import { signedV1 } from '../aliyun/helpers/sign.js';

/**
 * What the usage keeper computes from the clock must come out the same live and after a restart
 * (docs/reliability.md, "Durability"): a restart sums again every day since a card was last saved,
 * under the card's stop rule as it is then, and fires at its first settle every timer already
 * due. So a stop rule is in force from when it is set (the days before are saved, not summed again
 * under it), and a timer a change put in the past fires live at the next request, not at the next
 * day's sweep.
 */

const LINKCARD = '2021-05-20';
/** 11:00 on 30 January 2025, China time: two days before a monthly period rolls over. */
const START = Date.parse('2025-01-30T03:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const POOL_PLAN = /-(PF|DPF|UP)-/;

async function persisted() {
  const file = freshStateFile('usage-restart');
  const simulator = createSimulator({
    clock: { frozen: true, start: START },
    settings: { huaweiRequestsPerSecond: 0, aliyunRequestsPerSecond: 0 },
  });
  const persistence = await persistState(simulator, file, { durability: 'process' });
  const commit = async () => {
    simulator.notifyChange();
    await persistence.durable();
  };
  return { file, simulator, persistence, commit };
}

function control(simulator: Simulator, method: string, path: string, body?: unknown): SimResponse {
  const res = controlCall(simulator, method, path, body);
  expect(res.status, responseText(res)).toBeLessThan(300);
  return res;
}

function setCardStopRule(simulator: Simulator, card: Card, flowLimitMb: number, autoRestore: boolean): void {
  const res = simulator.handle(
    signedV1(
      'SetCardStopRule',
      LINKCARD,
      { Iccid: card.iccid, FlowLimit: String(flowLimitMb), AutoRestore: String(autoRestore) },
      { at: Date.now() },
    ),
  );
  expect(res.status, responseText(res)).toBe(200);
}

/** The card as the simulator answers it now (the request settles the world first). */
function cardNow(simulator: Simulator, iccid: string): Record<string, unknown> {
  return JSON.parse(responseText(control(simulator, 'GET', `/cards/${iccid}`))) as Record<string, unknown>;
}

const acmeCards = (simulator: Simulator): Card[] => simulator.fleet.query({ accountId: 'acme' }, 0, simulator.fleet.size).items;

describe('stop rules, live and after a restart', () => {
  it('sums the days before SetCardStopRule under the rule they had: last period is not stopped by a rule set after its rollover', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    simulator.fleet.settle(simulator.clock.now());
    const january = new Map(acmeCards(simulator).map((c) => [c.id, c.usage.dataKb]));
    // Into February: January's usage is history.
    control(simulator, 'POST', '/clock/advance', { by: 6 * DAY });
    simulator.fleet.settle(simulator.clock.now());
    // A pool card in use whose January passed a limit its February has not reached yet.
    const limitMbOf = (c: Card) => Math.floor(c.usage.dataKb / 1024) + 1;
    const card = acmeCards(simulator).find(
      (c) => c.state === 'active' && POOL_PLAN.test(c.planId) && january.get(c.id)! > limitMbOf(c) * 1024,
    )!;
    expect(card).toBeDefined();
    setCardStopRule(simulator, card, limitMbOf(card), false);
    expect(card.state).toBe('active');
    await commit();
    const back = await reloaded(file);
    expect(cardNow(back, card.iccid)).toEqual(cardNow(simulator, card.iccid));
    expect(back.fleet.cardWithIccid(card.iccid)!.state).toBe('active');
    // And on alike: the rule stops both the day February reaches it.
    for (const w of [simulator, back]) control(w, 'POST', '/clock/advance', { by: 10 * DAY });
    expect(cardNow(back, card.iccid)).toEqual(cardNow(simulator, card.iccid));
    expect(simulator.fleet.cardWithIccid(card.iccid)!.state).toBe('stoppedAtQuota');
    await persistence.close();
  });

  it('keeps a rollover as the rule then had it when AutoRestore is set after it (SetCardStopRule)', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    simulator.fleet.settle(simulator.clock.now());
    const card = acmeCards(simulator).find((c) => c.state === 'active' && POOL_PLAN.test(c.planId) && c.usage.dataKb > 1024)!;
    // Past a 1 MB rule without AutoRestore: stopped at once, and kept stopped by February's rollover.
    setCardStopRule(simulator, card, 1, false);
    expect(card.state).toBe('stoppedAtQuota');
    await commit();
    control(simulator, 'POST', '/clock/advance', { by: 3 * DAY });
    expect(card.state).toBe('stoppedAtQuota');
    // From now on restoring, with a limit far off: the rollover that passed stays as it was.
    setCardStopRule(simulator, card, 1_000_000, true);
    expect(card.state).toBe('stoppedAtQuota');
    await commit();
    const back = await reloaded(file);
    expect(cardNow(back, card.iccid)).toEqual(cardNow(simulator, card.iccid));
    expect(back.fleet.cardWithIccid(card.iccid)!.state).toBe('stoppedAtQuota');
    await persistence.close();
  });

  it('brings the fleet up to a rule set on the book itself and marks its card for the state file', () => {
    const simulator = createSimulator({ clock: { frozen: true, start: START } });
    const { fleet } = simulator;
    fleet.settle(START);
    const card = acmeCards(simulator).find((c) => c.state === 'active' && POOL_PLAN.test(c.planId))!;
    fleet.marks.start();
    // The clock moved on with no request since: the rule's instant is where its days end.
    const at = START + 3 * DAY;
    fleet.stopRules.set(card.id, { limitKb: 1e12, autoRestore: true, setAt: at });
    expect(card.usage.through).toBe(chinaDay(at));
    expect(fleet.marks.drain()).toContain(card.iccid);
  });
});

describe('timers a change put in the past, live and after a restart', () => {
  /** An active card activated over a day ago whose plan runs well past the start. */
  const activeCard = (simulator: Simulator): Card =>
    acmeCards(simulator).find(
      (c) => c.state === 'active' && c.activatedAt !== undefined && c.activatedAt < START - DAY && c.expiresAt > START + 30 * DAY,
    )!;

  it('fires an expiry a PATCH moved into the past at the next request, as a restart does', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = activeCard(simulator);
    control(simulator, 'PATCH', `/cards/${card.iccid}`, { expiresAt: new Date(START - HOUR).toISOString() });
    await commit();
    const back = await reloaded(file);
    expect(cardNow(simulator, card.iccid)['state']).toBe('shutDown');
    expect(cardNow(back, card.iccid)).toEqual(cardNow(simulator, card.iccid));
    await persistence.close();
  });

  it('fires an expiry a PATCH moved to later today at its instant, not at the next day', async () => {
    const { simulator } = await persisted();
    const card = activeCard(simulator);
    control(simulator, 'PATCH', `/cards/${card.iccid}`, { expiresAt: new Date(START + 2 * HOUR).toISOString() });
    control(simulator, 'POST', '/clock/advance', { by: HOUR });
    expect(cardNow(simulator, card.iccid)['state']).toBe('active');
    control(simulator, 'POST', '/clock/advance', { by: 2 * HOUR });
    expect(cardNow(simulator, card.iccid)['state']).toBe('shutDown');
  });

  it('expires a card forced back into service after its plan ran out at the next request, as a restart does', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = activeCard(simulator);
    control(simulator, 'PATCH', `/cards/${card.iccid}`, { expiresAt: new Date(START - HOUR).toISOString() });
    expect(cardNow(simulator, card.iccid)['state']).toBe('shutDown');
    control(simulator, 'PUT', `/cards/${card.iccid}/state`, { state: 'active' });
    await commit();
    const back = await reloaded(file);
    expect(cardNow(simulator, card.iccid)['state']).toBe('shutDown');
    expect(cardNow(back, card.iccid)).toEqual(cardNow(simulator, card.iccid));
    await persistence.close();
  });
});
