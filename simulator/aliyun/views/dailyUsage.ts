import type { Card, Plan } from '../../../src/fleet/model.js';

/**
 * Usage history, derived rather than stored: the current month is the card's usage so far,
 * spread over the days elapsed; an earlier month the card was active in gets a share of the
 * allowance. Both come from a hash of (card, day), so every call gives the same figures and
 * nothing grows with time. A later issue makes usage live; this is the stand-in until then.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

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

export function monthUsage(card: Card, plan: Plan, month: string, now: number): MonthUsage {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(4, 6));
  // Month boundaries as instants: China midnight is 16:00 UTC the day before.
  const start = Date.UTC(year, m - 1, 1) - CHINA_OFFSET_MS;
  const end = Date.UTC(year, m, 1) - CHINA_OFFSET_MS;
  const current = chinaMonth(now) === month;
  const from = Math.max(start, card.activatedAt ?? end);
  const until = Math.min(end, now + 1);
  if (card.activatedAt === undefined || from >= until) return { month, kb: 0, days: [] };
  const firstDay = Math.floor((from - start) / DAY_MS);
  const lastDay = Math.floor((until - 1 - start) / DAY_MS);
  const total = current ? Math.round(card.usage.dataKb) : Math.round(plan.dataKb * (0.2 + (hash(card.id, month) % 700) / 1000));
  const weights: Array<[string, number]> = [];
  for (let d = firstDay; d <= lastDay; d++) {
    const day = `${month}${String(d + 1).padStart(2, '0')}`;
    weights.push([day, 1 + (hash(card.id, day) % 100)]);
  }
  const sum = weights.reduce((acc, [, w]) => acc + w, 0);
  let left = total;
  const days = weights.map(([day, w], i) => {
    const kb = i === weights.length - 1 ? left : Math.floor((total * w) / sum);
    left -= kb;
    return { day, kb };
  });
  return { month, kb: total, days };
}

/** FNV-1a over the card id and a date label: stable, cheap, good enough to spread usage. */
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
