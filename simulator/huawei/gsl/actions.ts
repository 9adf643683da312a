import type { GslAction } from './call.js';
import { ListSimCards, ShowSimCard } from './simCards.js';

/** The GSL operations emulated so far, by operation id (the contract's and the SDK's name). */
export const GSL_ACTIONS: Readonly<Partial<Record<string, GslAction>>> = {
  ListSimCards,
  ShowSimCard,
};
