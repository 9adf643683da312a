import type { VendorSurface } from '../../src/engine/surface.js';
import { errorResponse, handleGslRequest } from './gateway.js';
import { HuaweiError } from './errors.js';

/**
 * Huawei Cloud's REST surface: GSL under /v1/ and (with IAM tokens, later) IAM under /v3/.
 * It is also the engine's fallback, so a path nobody serves gets the gateway's APIGW.0101.
 */
export function createHuaweiSurface(): VendorSurface {
  return {
    vendor: 'huawei',
    claims: (req) => req.path.startsWith('/v1/') || req.path.startsWith('/v3/'),
    handle: handleGslRequest,
    internalError: (_req, ctx) => errorResponse(new HuaweiError('GSL.00010003'), ctx.requestIds.nextHex()),
  };
}
