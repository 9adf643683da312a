import { describe, expect, it } from 'vitest';
import { buildFleet, defaultScenario } from '#fixtures/index.js';
import type { Fleet } from '#src/fleet/fleet.js';
import { chinaDay, dayStart } from '#src/fleet/usage/chinaDays.js';
import { usageProfile } from '#src/fleet/usage/profile.js';
import { closeQuiet, isQuiet, OPEN, openQuiet } from '#src/fleet/usage/quiet.js';
import { DAY, START } from './helpers.js';

const build = (seed = 1) => buildFleet(defaultScenario, { seed, now: START, cards: 3000 });

/** Everything the model moves on a card (with its quiet days, or only its figures and state). */
function snapshot(fleet: Fleet, withQuietDays = true) {
  return [...fleet.allCards()].map((c) => [
    c.id,
    c.state,
    c.usage.dataKb,
    c.usage.sms,
    c.usage.voiceMin,
    c.usage.through,
    c.activatedAt,
    c.stateEndsAt,
    withQuietDays ? c.usage.quiet : null,
  ]);
}

describe('the usage model', () => {
  it('ends a jump over a period boundary exactly where stepping day by day ends', () => {
    const stepped = build();
    const jumped = build();
    for (let day = 1; day <= 45; day++) stepped.settle(START + day * DAY);
    jumped.settle(START + 45 * DAY);
    expect(snapshot(jumped)).toEqual(snapshot(stepped));
    // The window saw every kind of change the model makes.
    const states = new Set([...jumped.allCards()].map((c) => c.state));
    expect([...build().allCards()].filter((c) => c.state === 'testing').length).toBeGreaterThan(0);
    expect(states).toContain('stoppedAtQuota');
    expect(states).toContain('shutDown');
  });

  it('ends a longer jump with the same figures and states (only the quiet days of skipped periods differ)', () => {
    const stepped = build();
    const jumped = build();
    for (let day = 1; day <= 100; day++) stepped.settle(START + day * DAY);
    jumped.settle(START + 100 * DAY);
    expect(snapshot(jumped, false)).toEqual(snapshot(stepped, false));
  });

  it('spreads cards from light to heavy, and a few heavy ones pass their quota within a period', () => {
    const fleet = build();
    const shares = [...fleet.allCards()].map((c) => {
      const plan = fleet.plan(c.planId);
      return (
        (usageProfile(fleet.seed, c, plan).meanKb * 30.44 * { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 }[plan.period]) /
        plan.dataKb
      );
    });
    const light = shares.filter((s) => s < 0.35).length / shares.length;
    const heavy = shares.filter((s) => s > 1).length / shares.length;
    expect(light).toBeGreaterThan(0.35);
    expect(light).toBeLessThan(0.55);
    expect(heavy).toBeGreaterThan(0.02);
    expect(heavy).toBeLessThan(0.08);
  });

  it('counts nothing for the days a card is stopped, and resumes counting the day it is resumed', () => {
    const fleet = build();
    const card = [...fleet.allCards()].find(
      (c) => c.state === 'active' && fleet.plan(c.planId).dataKb >= 100 * 1024 && c.expiresAt > START + 90 * DAY,
    )!;
    fleet.transition(card, 'stop', START);
    fleet.settle(START + 10 * DAY);
    const stoppedAt = card.usage.dataKb;
    fleet.transition(card, 'resume', START + 10 * DAY);
    fleet.settle(START + 12 * DAY);
    const today = chinaDay(START);
    expect(card.usage.quiet).toEqual([today + 1, today + 9]);
    for (let d = today + 1; d <= today + 9; d++) expect(fleet.usage.day(card, d).kb).toBe(0);
    expect(fleet.usage.day(card, today).kb).toBeGreaterThan(0);
    expect(card.usage.dataKb).toBe(stoppedAt + fleet.usage.day(card, today + 10).kb + fleet.usage.day(card, today + 11).kb);
  });

  it('keeps quiet intervals as flat pairs, closing or dropping the open one', () => {
    const open = openQuiet(undefined, 100);
    expect(open).toEqual([100, OPEN]);
    expect(openQuiet(open, 120)).toBe(open);
    expect(isQuiet(open, 99)).toBe(false);
    expect(isQuiet(open, 5000)).toBe(true);
    expect(closeQuiet(open, 109)).toEqual([100, 109]);
    expect(closeQuiet(open, 99)).toBeUndefined();
    expect(openQuiet([100, 109], 2000)).toEqual([2000, OPEN]);
  });

  it('sets figures for the control plane and stops a card past its quota at once', () => {
    const fleet = build();
    const card = [...fleet.allCards()].find((c) => c.state === 'active' && fleet.plan(c.planId).kind === 'single')!;
    const plan = fleet.plan(card.planId);
    fleet.setUsage(card, { sms: 7 }, START);
    expect(card.usage.sms).toBe(7);
    expect(card.state).toBe('active');
    fleet.setUsage(card, { dataKb: plan.dataKb + 1 }, START);
    expect(card.state).toBe('stoppedAtQuota');
    expect(card.usage.updatedAt).toBe(dayStart(chinaDay(START)));
    expect(() => fleet.setUsage(card, { dataKb: -1 }, START)).toThrow(RangeError);
    expect(() => fleet.setUsage(card, { sms: 1.5 }, START)).toThrow(/sms must be a whole number/);
  });
});
