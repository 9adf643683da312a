import type { Contract } from '../../contracts/openapi.js';
import type { EngineContext } from '../../src/engine/context.js';
import type { Account } from '../../src/fleet/model.js';
import { parameterPlan, type ParameterSpec } from './actionParams.js';

/** What an action receives: the engine, the caller's account, and its validated parameters. */
export interface ActionCall<P> {
  readonly ctx: EngineContext;
  readonly account: Account;
  readonly params: P;
}

/** One vendor action: its contract operation, how its parameters are read, and what it does. */
export interface RpcAction {
  /** The vendor's name, also the contract's operationId. */
  readonly name: string;
  readonly contract: Contract;
  readonly parameters: readonly ParameterSpec[];
  /** Returns the action's result; the product's envelope wraps it. */
  run(call: ActionCall<Record<string, unknown>>): unknown;
}

/**
 * Declares an action. `P` is the contract's generated parameter type: the gateway validates and
 * coerces the parameters against the same document before `run` sees them.
 */
export function rpcAction<P>(contract: Contract, name: string, run: (call: ActionCall<P>) => unknown): RpcAction {
  return {
    name,
    contract,
    parameters: parameterPlan(contract, name),
    run: run as unknown as RpcAction['run'],
  };
}

/**
 * An action's result with fields its product's envelope carries beside the result (linkcard
 * SendMessage's DynamicCode and DynamicMessage sit next to Data).
 */
export class Enveloped {
  constructor(
    readonly result: unknown,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}
