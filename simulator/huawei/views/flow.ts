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
  return Math.round((kb / KB_PER_MB) * 100) / 100;
}

const KB_PER_MB = 1024;
/** One step of the two-decimal MB: no KB figure is further than this from the MB shown for it. */
const ROUNDING_MB = 0.01;

/**
 * KB bounds holding every figure whose MB, as shown, lies within [lowMb, highMb]: one rounding
 * step wider, so a range over the usage columns can reject most cards without computing their MB
 * (the exact check on the shown figure still decides those within).
 */
export function kbBoundsAround(lowMb: number, highMb: number): { usedKbMin: number; usedKbMax: number } {
  return { usedKbMin: (lowMb - ROUNDING_MB) * KB_PER_MB, usedKbMax: (highMb + ROUNDING_MB) * KB_PER_MB };
}

/**
 * KB bounds a rounding step narrower than a range of MB: every KB figure within them shows an MB
 * figure within the range (rounding moves it half a step at most), so no exact check is needed.
 */
export function kbBoundsWithin(lowMb: number, highMb: number): { passesKbMin: number; passesKbMax: number } {
  return { passesKbMin: (lowMb + ROUNDING_MB) * KB_PER_MB, passesKbMax: (highMb - ROUNDING_MB) * KB_PER_MB };
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
