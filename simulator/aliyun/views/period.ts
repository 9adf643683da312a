import type { BillingPeriod } from '../../../src/fleet/model.js';

const MONTHS: Record<BillingPeriod, number> = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 };

/** The instant `periods` billing periods after `from` (calendar months, UTC day kept). */
export function addPeriods(from: number, period: BillingPeriod, periods: number): number {
  const date = new Date(from);
  date.setUTCMonth(date.getUTCMonth() + MONTHS[period] * periods);
  return date.getTime();
}
