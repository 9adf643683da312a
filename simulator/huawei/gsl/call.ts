import type { EngineContext } from '../../../src/engine/context.js';
import type { Account } from '../../../src/fleet/model.js';

/** One GSL operation as an action sees it: already authenticated, parameters validated and typed. */
export interface GslCall<Params, Body = undefined> {
  readonly ctx: EngineContext;
  readonly account: Account;
  /** Query and path parameters, coerced to the contract's types (defaults filled in). */
  readonly params: Params;
  /** The JSON request body, validated against the contract (undefined for operations without one). */
  readonly body: Body;
}

/** An action returns the success body; failures are thrown (HuaweiError or a fleet domain error). */
export type GslAction = (call: GslCall<never, never>) => unknown;
