import type { SimResponse } from '../engine/simResponse.js';
import type { Simulator } from '../simulator.js';

/** The reserved path prefix of the control plane; no vendor API lives under it. */
export const CONTROL_PREFIX = '/_sim';

/** A control-plane request, already parsed: the control plane is ours, not a vendor's. */
export interface ControlRequest {
  readonly method: string;
  /** Path below the prefix, e.g. '/clock/advance'. */
  readonly path: string;
  /** Values of the route's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters, decoded; a repeated name keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body (undefined when there is none). */
  readonly body: unknown;
}

/** One operation of the control plane. Its shapes live in contracts/sim-control.openapi.json. */
export interface ControlRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the prefix, with `:name` segments, e.g. '/cards/:iccid'. */
  readonly path: string;
  /** The operationId in the control plane's OpenAPI document. */
  readonly operationId: string;
  /**
   * Brings the world up to the clock first, as the engine does before every vendor request: a
   * route that reads or changes cards must see (and change) them as they are now, not as the last
   * vendor request left them, or a change would land at a stale instant.
   */
  readonly settles?: boolean;
  handle(req: ControlRequest, simulator: Simulator): SimResponse | ControlResult;
}

/** A plain result: the route's JSON value and status (200 when omitted). */
export interface ControlResult {
  readonly status?: number;
  readonly json: unknown;
}

/** A control-plane failure the client caused: answered with `{ error: { code, message } }`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** `DELETE <path>`: empties one of the simulator's collections and says how many went. */
export function clearRoute(
  path: string,
  operationId: string,
  target: (sim: Simulator) => { readonly size: number; clear(): void },
): ControlRoute {
  return {
    method: 'DELETE',
    path,
    operationId,
    handle: (_req, sim) => {
      const collection = target(sim);
      const removed = collection.size;
      collection.clear();
      return { json: { removed } };
    },
  };
}
