import type { operations } from '../../../contracts/generated/huawei-gsl.js';
import type { OperationBody, OperationParams, SuccessBody } from '../../../contracts/openapi.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { RawJson } from '../../../src/engine/rawJson.js';
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

export type GslOperationId = keyof operations;

/**
 * The paging parameters the contract gives a default (limit 10, offset 1; test/huawei/routes.test.ts
 * checks every one has it): ajv fills them in before the action runs, so the action sees a number.
 */
type PagingParameter = 'limit' | 'offset';
type WithDefaults<P> = P & { [K in Extract<keyof P, PagingParameter>]-?: NonNullable<P[K]> };

/** The operation's query and path parameters as the action receives them (undefined: it has none to read). */
export type GslParams<K extends GslOperationId> = keyof OperationParams<operations[K]> extends never
  ? undefined
  : WithDefaults<OperationParams<operations[K]>>;
/** The operation's request body as the action receives it. */
export type GslBody<K extends GslOperationId> = OperationBody<operations[K]>;
/** The operation's 200 body: what the action must return. */
export type GslResult<K extends GslOperationId> = Fragments<SuccessBody<operations[K]>>;

/** A field, or the whole answer, may come pre-serialised (src/engine/rawJson.ts), typed by what it holds. */
type Fragments<T> =
  | T
  | RawJson<T>
  | (T extends object
      ? { [F in keyof T]: T[F] | RawJson<T[F]> | (T[F] extends ReadonlyArray<infer I> ? Array<I | RawJson<I>> : never) }
      : never);

/** An action typed from its contract operation: its parameters and body in, its 200 body out. */
export type GslActionOf<K extends GslOperationId> = (call: GslCall<GslParams<K>, GslBody<K>>) => GslResult<K>;

/** The action table as the contract types it: a wrong answer shape is a compile error. */
export type GslActionTable = { readonly [K in GslOperationId]?: GslActionOf<K> };

/**
 * An action as the gateway calls it, by an operation id known only at run time (the parameters
 * were validated against the same contract). Failures are thrown (HuaweiError or a fleet domain error).
 */
export type GslAction = (call: GslCall<never, never>) => unknown;
