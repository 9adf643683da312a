import type { EngineContext } from './context.js';
import type { SimRequest } from './simRequest.js';
import type { SimResponse } from './simResponse.js';

/** One vendor's API surface as the engine sees it: who it answers, and how. */
export interface VendorSurface {
  readonly vendor: 'aliyun' | 'huawei';
  /** True when this request is addressed to this vendor (checked in registration order). */
  claims(req: SimRequest): boolean;
  handle(req: SimRequest, ctx: EngineContext): SimResponse;
  /** The vendor's own body for a failure the surface did not anticipate (never a stack trace). */
  internalError(req: SimRequest, ctx: EngineContext): SimResponse;
}
