import type { LifecycleEvent } from '../lifecycle.js';
import type { Card } from '../model.js';

/** States whose plan runs out at `expiresAt` (the `expire` event is legal from them). */
const EXPIRING = new Set(['active', 'stoppedByUser', 'stoppedAtQuota', 'stoppedByCreditControl']);

export interface Timer {
  readonly at: number;
  readonly event: LifecycleEvent;
}

/**
 * The next lifecycle change time alone brings to a card: the test period ends, the silent period
 * ends (or first data arrives: both activate), or the plan expires. Undefined when none is due.
 */
export function nextTimer(card: Card): Timer | undefined {
  if (card.state === 'testing') return card.stateEndsAt === undefined ? undefined : { at: card.stateEndsAt, event: 'endTestPeriod' };
  if (card.state === 'silent') return card.stateEndsAt === undefined ? undefined : { at: card.stateEndsAt, event: 'activate' };
  if (EXPIRING.has(card.state)) return { at: card.expiresAt, event: 'expire' };
  return undefined;
}
