import type { LifecycleEvent, LifecycleState } from '../lifecycle.js';
import type { Card } from '../model.js';

/** States whose plan runs out at `expiresAt` (the `expire` event is legal from them). */
const EXPIRING: ReadonlySet<LifecycleState> = new Set(['active', 'stoppedByUser', 'stoppedAtQuota', 'stoppedByCreditControl']);

export interface Timer {
  readonly at: number;
  readonly event: LifecycleEvent;
}

/**
 * The next lifecycle change time alone brings to a card: the test period ends, the silent period
 * ends (or first data arrives: both activate), or the plan expires. Undefined when none is due.
 */
export function nextTimer(card: Card): Timer | undefined {
  const at = timerAt(card);
  return Number.isNaN(at)
    ? undefined
    : { at, event: card.state === 'testing' ? 'endTestPeriod' : card.state === 'silent' ? 'activate' : 'expire' };
}

/** The instant of the card's next timer, NaN when none (the sweeps ask a million cards: no objects). */
export function timerAt(card: Card): number {
  if (card.state === 'testing' || card.state === 'silent') return card.stateEndsAt ?? Number.NaN;
  return EXPIRING.has(card.state) ? card.expiresAt : Number.NaN;
}
