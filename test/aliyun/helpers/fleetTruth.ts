import type { Fleet } from '#src/fleet/fleet.js';
import type { Card, Plan } from '#src/fleet/model.js';

/**
 * Direct computations over the fleet, written apart from the gateway's query path, so a filter
 * is checked against what the fleet says rather than against itself.
 */
export function accountCards(fleet: Fleet, accountId: string): Card[] {
  return [...fleet.allCards()].filter((card) => card.accountId === accountId);
}

export function iccidsWhere(fleet: Fleet, accountId: string, predicate: (card: Card, plan: Plan) => boolean): string[] {
  return accountCards(fleet, accountId)
    .filter((card) => predicate(card, fleet.plan(card.planId)))
    .map((card) => card.iccid);
}

/** `yyyy-MM-dd HH:mm:ss` in China time, written out by hand. */
export function chinaText(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
