import type { Contract, OperationParams, SuccessBody } from '../../contracts/openapi.js';
import type { operations as DyiotapiOperations } from '../../contracts/generated/aliyun-dyiotapi.js';
import type { operations as LinkcardOperations } from '../../contracts/generated/aliyun-linkcard.js';
import type { EngineContext } from '../../src/engine/context.js';
import type { RawJson } from '../../src/engine/rawJson.js';
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

/** The fields of the product's success envelope that the gateway writes, not the action. */
type EnvelopeFields = 'RequestId' | 'Code' | 'Message' | 'Success';

/**
 * What an action of the operation returns, as its product's envelope carries it: linkcard's is
 * the envelope's `Data`; Dyiotapi's are the envelope's own fields beside RequestId/Code/Message
 * (its 200 may also be a business error, which the action throws rather than returns).
 */
export type ActionResult<Operations, Op> = Operations extends LinkcardOperations
  ? SuccessBody<Op> extends { Data?: infer D }
    ? Fragments<D> | Enveloped<Fragments<D>, Omit<SuccessBody<Op>, EnvelopeFields | 'Data'>>
    : never
  : Operations extends DyiotapiOperations
    ? Fragments<Omit<Extract<SuccessBody<Op>, { Code: 'OK' }>, EnvelopeFields>>
    : unknown;

/** A field may come pre-serialised (src/engine/rawJson.ts), typed by what it holds. */
type Fragments<T> = T extends object ? { [K in keyof T]: T[K] | RawJson<T[K]> } : T;

/** One action typed from its contract: the operation's parameters in, the operation's result out. */
export type TypedRun<Operations, K extends keyof Operations> = (
  call: ActionCall<OperationParams<Operations[K]>>,
) => ActionResult<Operations, Operations[K]>;

/**
 * Declares an action. Its parameters and result are the contract's generated types for the named
 * operation, so an action answering a field the contract does not have, or of the wrong type, is a
 * compile error; the gateway validates and coerces the parameters against the same document
 * before `run` sees them.
 */
export function rpcAction<Operations, K extends keyof Operations & string>(
  contract: Contract<Operations>,
  name: K,
  run: TypedRun<Operations, K>,
): RpcAction {
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
export class Enveloped<Result = unknown, Fields = Readonly<Record<string, unknown>>> {
  constructor(
    readonly result: Result,
    readonly fields: Fields,
  ) {}
}
