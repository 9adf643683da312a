import type { Card } from '../model.js';
import { chinaDay } from './chinaDays.js';
import { fmix } from './hash.js';
import type { UsageProfile } from './profile.js';
import { isQuiet } from './quiet.js';

/** One China day's use: data in KB, SMS, voice minutes. Reused by the sweeps (no allocation per day). */
export interface DayUsage {
  kb: number;
  sms: number;
  voiceMin: number;
}

export function emptyDay(): DayUsage {
  return { kb: 0, sms: 0, voiceMin: 0 };
}

/** 1970-01-01 was a Thursday: days 2 and 3 (mod 7) are Saturdays and Sundays. */
function isWeekend(day: number): boolean {
  const w = ((day % 7) + 7) % 7;
  return w === 2 || w === 3;
}

/**
 * What the card's device would use on `day` if it was in service: a pure function of (profile,
 * day). Data varies ±75% around the day's mean; SMS and minutes are whole numbers whose mean is
 * the profile's rate (floor of the rate times a draw, plus a draw: unbiased).
 */
export function modelledDay(profile: UsageProfile, day: number, out: DayUsage): DayUsage {
  // One full hash a day; SMS and voice take a cheap remix of it, each split into two 16-bit draws.
  // This runs for every card every simulated day, so it is the cost of the whole model.
  // hash3(profile.key, day, 11), its first step (the card's alone) taken once in the profile.
  const h = fmix((fmix((profile.dayKey + day) | 0) + 11) | 0);
  const factor = isWeekend(day) ? profile.weekendFactor : profile.weekdayFactor;
  out.kb = Math.round(profile.meanKb * factor * (0.25 + (1.5 * h) / 4294967296));
  out.sms = profile.smsPerDay > 0 ? wholeDraw(profile.smsPerDay, fmix(h ^ 0x68e31da4)) : 0;
  out.voiceMin = profile.voiceMinPerDay > 0 ? wholeDraw(profile.voiceMinPerDay, fmix(h ^ 0x1b56c4e9)) : 0;
  return out;
}

/** A whole number with mean `rate`: floor(2·rate·u + v) for two uniform draws u, v. */
function wholeDraw(rate: number, bits: number): number {
  return Math.floor((2 * rate * (bits >>> 16)) / 65536 + (bits & 0xffff) / 65536);
}

/**
 * What the card did use on `day`: the modelled day while it was in service, nothing before its
 * activation day or on a day it was quiet (stopped, shut down). Test-period cards use nothing
 * here: test data is free and not counted in any period (docs/fidelity.md).
 */
export function cardDay(card: Card, profile: UsageProfile, day: number, out: DayUsage): DayUsage {
  if (card.activatedAt === undefined || day < chinaDay(card.activatedAt) || isQuiet(card.usage.quiet, day)) {
    out.kb = out.sms = out.voiceMin = 0;
    return out;
  }
  return modelledDay(profile, day, out);
}

/**
 * Adds the modelled days [first, until) to `sum` (which it returns), the card in service on every
 * one of them: modelledDay's arithmetic inlined, the weekday stepped instead of recomputed. A
 * generated fleet sums every card's period so far (a yearly plan's up to 365 days), so this loop
 * is most of the usage model's share of building a million cards; the figures are modelledDay's,
 * to the bit (test/usage/usageModel.test.ts compares them).
 */
export function sumModelledDays(profile: UsageProfile, first: number, until: number, sum: DayUsage): DayUsage {
  const dayKey = profile.dayKey;
  const meanKb = profile.meanKb;
  const weekend = profile.weekendFactor;
  const weekday = profile.weekdayFactor;
  const sms = profile.smsPerDay;
  const voice = profile.voiceMinPerDay;
  let kb = sum.kb;
  let smsSum = sum.sms;
  let voiceSum = sum.voiceMin;
  let w = (((first % 7) + 7) % 7) as number;
  for (let d = first; d < until; d++) {
    const h = fmix((fmix((dayKey + d) | 0) + 11) | 0);
    kb += Math.round(meanKb * (w === 2 || w === 3 ? weekend : weekday) * (0.25 + (1.5 * h) / 4294967296));
    if (sms > 0) smsSum += wholeDraw(sms, fmix(h ^ 0x68e31da4));
    if (voice > 0) voiceSum += wholeDraw(voice, fmix(h ^ 0x1b56c4e9));
    if (++w === 7) w = 0;
  }
  sum.kb = kb;
  sum.sms = smsSum;
  sum.voiceMin = voiceSum;
  return sum;
}

/** Adds the card's use over the days [first, until) to `sum` (which it returns). */
export function addDays(card: Card, profile: UsageProfile, first: number, until: number, sum: DayUsage): DayUsage {
  // cardDay's tests, taken out of the loop: days before activation and quiet days add nothing.
  if (card.activatedAt === undefined) return sum;
  const quiet = card.usage.quiet;
  const day = emptyDay();
  for (let d = Math.max(first, chinaDay(card.activatedAt)); d < until; d++) {
    if (quiet !== undefined && isQuiet(quiet, d)) continue;
    modelledDay(profile, d, day);
    sum.kb += day.kb;
    sum.sms += day.sms;
    sum.voiceMin += day.voiceMin;
  }
  return sum;
}
