import type { Plan } from '../model.js';
import { chinaDay, periodStartDay } from './chinaDays.js';
import { emptyDay, sumModelledDays, type DayUsage } from './daily.js';
import { usageProfileOf } from './profile.js';

/**
 * A generated card's figures for its period so far, as of the day it was generated (`today`):
 * the sums of the very days its history shows, from the period's start or its activation to the
 * day before `today`, none from its first quiet day on (`quietFrom`, NaN when it has none). Two
 * adjustments keep the figures plausible for the state it was generated in: a card not stopped at
 * its quota is kept under it (the heavy ones reach it in the days after), and a card stopped at
 * the quota is at it, `overshootKb` past it.
 *
 * A pure function of its arguments, so the fleet may work it out when a card's figures are first
 * needed rather than while a million cards are generated (see Fleet.addBatch).
 */
export function openingFigures(
  seed: number,
  cardId: number,
  plan: Plan,
  activatedAt: number | undefined,
  stoppedAtQuota: boolean,
  quietFrom: number,
  today: number,
  overshootKb: number,
  out: DayUsage,
): DayUsage {
  out.kb = out.sms = out.voiceMin = 0;
  if (activatedAt === undefined) return out;
  const first = Math.max(periodStart(plan, today), chinaDay(activatedAt));
  const until = quietFrom === quietFrom ? Math.min(today, quietFrom) : today;
  const sum = sumModelledDays(usageProfileOf(seed, cardId, plan), first, until, scratchSum());
  out.kb = stoppedAtQuota ? Math.max(sum.kb, plan.dataKb) + overshootKb : Math.min(sum.kb, Math.floor(plan.dataKb * 0.99));
  out.sms = Math.min(sum.sms, plan.smsQuota);
  out.voiceMin = Math.min(sum.voiceMin, plan.voiceQuotaMin);
  return out;
}

const sum: DayUsage = emptyDay();
function scratchSum(): DayUsage {
  sum.kb = sum.sms = sum.voiceMin = 0;
  return sum;
}

/** The cards of a fleet share a day or a few, so each period length's start is worked out once a day. */
const periodStarts = { day: Number.NaN, byPeriod: new Map<Plan['period'], number>() };

function periodStart(plan: Plan, day: number): number {
  if (periodStarts.day !== day) {
    periodStarts.day = day;
    periodStarts.byPeriod.clear();
  }
  let start = periodStarts.byPeriod.get(plan.period);
  if (start === undefined) periodStarts.byPeriod.set(plan.period, (start = periodStartDay(plan.period, day)));
  return start;
}
