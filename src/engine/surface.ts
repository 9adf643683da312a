import type { EngineContext } from './context.js';
import type { SimRequest } from './simRequest.js';
import type { SimResponse } from './simResponse.js';
import type { RequestTrace } from './trace.js';

/** One vendor's API surface as the engine sees it: who it answers, and how. */
export interface VendorSurface {
  readonly vendor: 'aliyun' | 'huawei';
  /** True when this request is addressed to this vendor (checked in registration order). */
  claims(req: SimRequest): boolean;
  /** Answers the request, noting on `trace` what it learns (account, action, auth, error code). */
  handle(req: SimRequest, ctx: EngineContext, trace?: RequestTrace): SimResponse;
  /**
   * The vendor's own body for a failure the surface did not anticipate (never a stack trace).
   * `trace` holds what the gateway learnt before the failure (its action, once routed).
   */
  internalError(req: SimRequest, ctx: EngineContext, trace: RequestTrace): SimResponse;
  /** The vendor's system-error body at a given 5xx status (an injected HTTP fault); notes the code on `trace`. */
  systemError(status: number, req: SimRequest, ctx: EngineContext, trace: RequestTrace): SimResponse;
  /** The vendor's 413 for a body over MAX_BODY_BYTES (never read, nothing run); notes the code on `trace`. */
  payloadTooLarge(req: SimRequest, ctx: EngineContext, trace: RequestTrace): SimResponse;
  /** True when `code` is in the vendor's error catalogue (fault rules may only inject those). */
  knowsError(code: string): boolean;
}
