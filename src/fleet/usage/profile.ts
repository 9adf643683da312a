import type { Card, Plan } from '../model.js';
import { PERIOD_MONTHS } from './chinaDays.js';
import { cardKey, fmix } from './hash.js';

/**
 * How a card uses its plan, derived from (fleet seed, card id, plan) and never stored: change the
 * seed and every card tells a different, equally stable story.
 *
 * Intensity is the share of the period's allowance the card would use in a full period: 45% of
 * cards are light (2–35%), half moderate (35–90%) and 5% heavy (105–180%), so those pass their
 * quota within a period. Data dips or peaks at weekends by a per-card factor (meters flat,
 * vehicles and point-of-sale busier or quieter). SMS and voice use up to 80% of their quotas.
 */
export interface UsageProfile {
  /** The 32-bit key of (seed, card) every daily draw of the card is keyed by. */
  readonly key: number;
  /** The first step of hashing the key with a day (see modelledDay), the same every day. */
  readonly dayKey: number;
  /** Mean KB a day over a week. */
  readonly meanKb: number;
  /** Multiplier of Saturdays and Sundays; weekdays get what keeps the weekly mean at `meanKb`. */
  readonly weekendFactor: number;
  readonly weekdayFactor: number;
  readonly smsPerDay: number;
  readonly voiceMinPerDay: number;
}

/** Mean days in a month: a period's allowance spread over its days. */
const DAYS_PER_MONTH = 30.44;

export function intensity(u: number, v: number): number {
  if (u < 0.45) return 0.02 + 0.33 * v;
  if (u < 0.95) return 0.35 + 0.55 * v;
  return 1.05 + 0.75 * v;
}

/** The profile's draws: one remix of the card's key each (a sweep derives a million profiles a day). */
function draw(key: number, salt: number): number {
  return fmix(key ^ salt) / 4294967296;
}

export function usageProfile(seed: number, card: Card, plan: Plan): UsageProfile {
  return usageProfileOf(seed, card.id, plan);
}

/** The profile of the card with this id (a generator has the id before it has a card). */
export function usageProfileOf(seed: number, cardId: number, plan: Plan): UsageProfile {
  const key = cardKey(seed, cardId);
  const days = PERIOD_MONTHS[plan.period] * DAYS_PER_MONTH;
  const share = intensity(draw(key, 0x2545f491), draw(key, 0x6a09e667));
  const weekendFactor = 0.4 + 1.2 * draw(key, 0x3c6ef372);
  return {
    key,
    dayKey: fmix(key ^ 0x9e3779b9),
    meanKb: (plan.dataKb * share) / days,
    weekendFactor,
    weekdayFactor: (7 - 2 * weekendFactor) / 5,
    smsPerDay: (plan.smsQuota * 0.8 * draw(key, 0x510e527f)) / days,
    voiceMinPerDay: (plan.voiceQuotaMin * 0.8 * draw(key, 0x1f83d9ab)) / days,
  };
}
