import type { EngineContext } from '../../../src/engine/context.js';
import type { Card } from '../../../src/fleet/model.js';
import { chinaDay, dayLabel, daysOfMonth, parseMonthLabel } from '../../../src/fleet/usage/chinaDays.js';

/**
 * Alibaba's usage history (linkcard GetCardFlowInfo, Dyiotapi QueryCardHistoryFlowInfo), read
 * from the fleet's one usage model (src/fleet/usage): the same days GSL shows in MB, here in KB.
 * Days are China-time calendar days, counted once they are over.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface DayUsage {
  /** `yyyyMMdd`, China time. */
  readonly day: string;
  readonly kb: number;
}

export interface MonthUsage {
  /** `yyyyMM`, China time. */
  readonly month: string;
  readonly kb: number;
  readonly days: DayUsage[];
}

/** `yyyyMM` of an instant, China time. */
export function chinaMonth(ms: number): string {
  const iso = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7);
}

/** The month before a `yyyyMM`. */
export function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(4, 6));
  return m === 1 ? `${year - 1}12` : `${year}${String(m - 1).padStart(2, '0')}`;
}

export function isMonth(text: string): boolean {
  const m = Number(text.slice(4, 6));
  return /^\d{6}$/.test(text) && m >= 1 && m <= 12;
}

/**
 * A month's usage: its days from activation to yesterday, and its total (a monthly plan's
 * current month: the period figure, which also counts usage set by hand).
 */
export function monthUsage(ctx: EngineContext, card: Card, month: string): MonthUsage {
  const index = parseMonthLabel(month);
  const { first, last } = daysOfMonth(index);
  const until = Math.min(last, (card.usage.through ?? chinaDay(card.usage.updatedAt)) - 1);
  const from = card.activatedAt === undefined ? until + 1 : Math.max(first, chinaDay(card.activatedAt));
  const days: DayUsage[] = [];
  for (let d = from; d <= until; d++) days.push({ day: dayLabel(d), kb: ctx.fleet.usage.day(card, d).kb });
  return { month, kb: ctx.fleet.usage.monthKb(card, first, last), days };
}

/** FNV-1a over the card id and a label: stable, cheap, good enough for derived radio facts. */
function hash(cardId: number, label: string): number {
  let h = 0x811c9dc5;
  const text = `${cardId}:${label}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable per-card figure in [0, modulo), for derived radio facts (delay, signal). */
export function cardFigure(cardId: number, label: string, modulo: number): number {
  return hash(cardId, label) % modulo;
}
