import type { Card, Plan } from '../../../src/fleet/model.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

/**
 * GSL reports flow in MB as a number with two decimals. Filters and sorts use these same
 * figures, so what a client filters on is exactly what it is shown.
 *
 * GSL's card flow is "as of yesterday 24:00", which is exactly what the fleet's figures count
 * (src/fleet/usage: whole China days, added as each day ends).
 */
export function megabytes(kb: number): number {
  return Math.round((kb / 1024) * 100) / 100;
}

export function flowUsedMb(card: Card): number {
  return megabytes(card.usage.dataKb);
}

export function flowLeftMb(card: Card, plan: Plan): number {
  return flowLeftMbOf(card.usage.dataKb, allowanceKb(card, plan));
}

/** flow_left from the period's figures (KB), as the fleet's usage columns hold them. */
export function flowLeftMbOf(usedKb: number, allowanceKb: number): number {
  return megabytes(Math.max(0, allowanceKb - usedKb));
}
