import type { Card, Plan } from '../../../src/fleet/model.js';

/**
 * GSL reports flow in MB as a number with two decimals. Filters and sorts use these same
 * figures, so what a client filters on is exactly what it is shown.
 *
 * GSL's card flow is "as of yesterday 24:00"; the fleet keeps only current-period usage, so the
 * current figure stands in for it.
 */
export function megabytes(kb: number): number {
  return Math.round((kb / 1024) * 100) / 100;
}

export function flowUsedMb(card: Card): number {
  return megabytes(card.usage.dataKb);
}

export function flowLeftMb(card: Card, plan: Plan): number {
  return megabytes(Math.max(0, plan.dataKb - card.usage.dataKb));
}
