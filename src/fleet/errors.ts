import type { LifecycleEvent, LifecycleState } from './lifecycle.js';

/**
 * Vendor-neutral domain errors. The fleet raises these; each vendor gateway maps them to its
 * own catalogue, so a code such as isv.IOT_RES_NOT_EXIST or GSL.00011001 is written only there.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: string;
}

export class CardNotFound extends DomainError {
  readonly kind = 'CardNotFound';
  constructor(readonly key: string) {
    super(`no card ${key} in this account`);
  }
}

export class IllegalTransition extends DomainError {
  readonly kind = 'IllegalTransition';
  constructor(
    readonly iccid: string,
    readonly from: LifecycleState,
    readonly event: LifecycleEvent,
  ) {
    super(`card ${iccid} cannot ${event} while ${from}`);
  }
}

export class DuplicateCard extends DomainError {
  readonly kind = 'DuplicateCard';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`a card with ${field} ${value} already exists`);
  }
}

/** The card's plan does not offer the operation (e.g. a stop rule on a single-card plan). */
export class PlanNotEligible extends DomainError {
  readonly kind = 'PlanNotEligible';
  constructor(
    readonly iccid: string,
    readonly operation: string,
  ) {
    super(`card ${iccid}: its plan does not allow ${operation}`);
  }
}
