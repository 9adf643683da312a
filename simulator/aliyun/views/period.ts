import type { BillingPeriod } from '../../../src/fleet/model.js';
import { PERIOD_MONTHS } from '../../../src/fleet/usage/chinaDays.js';

/** The instant `periods` billing periods after `from` (calendar months, UTC day kept). */
export function addPeriods(from: number, period: BillingPeriod, periods: number): number {
  const date = new Date(from);
  date.setUTCMonth(date.getUTCMonth() + PERIOD_MONTHS[period] * periods);
  return date.getTime();
}
