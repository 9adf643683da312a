import type { operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { LifecycleEvent } from '../../../src/fleet/lifecycle.js';
import type { ActionCall } from '../action.js';
import { linkcardCard } from './linkcardCard.js';

type StopParams = operations['StopSingleCard']['parameters']['query'];
type ResumeParams = operations['ResumeSingleCard']['parameters']['query'];
type RebindParams = operations['RebindResumeSingleCard']['parameters']['query'];

/**
 * The three linkcard switches. Each takes effect at once (docs/fidelity.md): the next
 * GetCardDetail or ListCardInfo already shows it, and a card in a state the switch does not
 * apply to is refused with the fleet's IllegalTransition (linkcard InvalidCardStatus).
 * Sub-card MSISDNs (OptMsisdns) are accepted and ignored: multi-network cards are not modelled.
 */
function switchCard(event: LifecycleEvent) {
  return ({ ctx, account, params }: ActionCall<{ Iccid: string }>): boolean => {
    const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
    ctx.fleet.transition(card, event, ctx.clock.now());
    return true;
  };
}

/** StopSingleCard: in use (100) → self-stopped (200). */
export const stopSingleCard: (call: ActionCall<StopParams>) => boolean = switchCard('stop');
/** ResumeSingleCard: self-stopped (200) or stopped at quota (300) → in use (100). */
export const resumeSingleCard: (call: ActionCall<ResumeParams>) => boolean = switchCard('resume');
/** RebindResumeSingleCard: rebind-stopped (500 / 130) → in use (100) / test period (10). */
export const rebindResumeSingleCard: (call: ActionCall<RebindParams>) => boolean = switchCard('rebindResume');
