import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { megabytes } from '../views/flow.js';

/**
 * Past usage, derived rather than stored: the fleet keeps only the current period's usage, so a
 * card's data on a past day is a deterministic function of (card, day) — the same answer on every
 * call and after a restart, with no rows kept. Days before activation, or of a card never
 * activated, used nothing. A past billing cycle's usage is the sum of its days; the current
 * cycle's is the fleet's own figure.
 */

/** GSL's calendar is China's (UTC+8): billing cycles and days start at midnight there. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day in China time, as days since the epoch. */
export function chinaDay(epochMs: number): number {
  return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
}

/** YYYYMMDD of a China-time day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The day number of a YYYYMMDD label, or undefined if it is no real date. */
export function parseDayLabel(label: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(label);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayLabel(ms / DAY_MS) === label ? ms / DAY_MS : undefined;
}

/** Months since year 0 (year * 12 + month - 1) of a China-time day. */
export function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The China-time days of a month index, first to last. */
export function daysOfMonth(month: number): { first: number; last: number } {
  const first = Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
  const next = Date.UTC(Math.floor((month + 1) / 12), (month + 1) % 12, 1) / DAY_MS;
  return { first, last: next - 1 };
}

export function monthLabel(month: number): string {
  return `${Math.floor(month / 12)}${String((month % 12) + 1).padStart(2, '0')}`;
}

/** MB used by a card on one past day: up to twice the plan's daily share, fixed by (card, day). */
export function dailyFlowMb(ctx: EngineContext, card: Card, day: number): number {
  if (card.activatedAt === undefined || day < chinaDay(card.activatedAt)) return 0;
  const plan = ctx.fleet.plan(card.planId);
  const fraction = parseInt(ctx.digests.sha256Hex(`gsl-daily\n${card.id}\n${day}`).slice(0, 8), 16) / 0xffffffff;
  return megabytes((plan.dataKb / 30) * 2 * fraction);
}

/** MB used by a card in a billing cycle (month index); the current one is the fleet's figure. */
export function cycleFlowMb(ctx: EngineContext, card: Card, month: number, currentMonth: number): number {
  if (month === currentMonth) return megabytes(card.usage.dataKb);
  const { first, last } = daysOfMonth(month);
  let total = 0;
  for (let day = first; day <= last; day++) total += dailyFlowMb(ctx, card, day);
  return Math.round(total * 100) / 100;
}
