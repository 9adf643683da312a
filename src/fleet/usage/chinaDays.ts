import type { BillingPeriod } from '../model.js';

/**
 * The carriers' calendar is China's (UTC+8, no daylight saving): days, months and billing periods
 * start at midnight there. A day is counted as days since the epoch in China time, so day
 * arithmetic is integer arithmetic and `Date` is needed only at month boundaries.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** The China-time day of an instant. */
export function chinaDay(epochMs: number): number {
  return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant a China-time day starts (its midnight). */
export function dayStart(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** `yyyyMMdd` of a day. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The day of a `yyyyMMdd` label, or undefined if it is no real date. */
export function parseDayLabel(label: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(label);
  if (!m) return undefined;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  return dayLabel(day) === label ? day : undefined;
}

/** Months since year 0 (year * 12 + month - 1) of a day. */
export function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first day of a month index. */
export function firstDayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
}

/** The days of a month index, first to last. */
export function daysOfMonth(month: number): { first: number; last: number } {
  return { first: firstDayOfMonth(month), last: firstDayOfMonth(month + 1) - 1 };
}

/** `yyyyMM` of a month index. */
export function monthLabel(month: number): string {
  return `${Math.floor(month / 12)}${String((month % 12) + 1).padStart(2, '0')}`;
}

/** The month index of a `yyyyMM` label (not validated). */
export function parseMonthLabel(label: string): number {
  return Number(label.slice(0, 4)) * 12 + Number(label.slice(4, 6)) - 1;
}

export const PERIOD_MONTHS: Readonly<Record<BillingPeriod, number>> = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 };

/**
 * Billing periods are aligned on the China-time calendar: a month, a calendar quarter, a half
 * year (January or July) or a calendar year. The first day of the period that holds `day`.
 */
export function periodStartDay(period: BillingPeriod, day: number): number {
  const months = PERIOD_MONTHS[period];
  const month = monthOfDay(day);
  return firstDayOfMonth(month - (month % months));
}

/** The first day of the period after the one that holds `day`. */
export function nextPeriodStartDay(period: BillingPeriod, day: number): number {
  const months = PERIOD_MONTHS[period];
  const month = monthOfDay(day);
  return firstDayOfMonth(month - (month % months) + months);
}
