import type { VendorSurface } from '../../src/engine/surface.js';
import { errorResponse, handleGslRequest } from './gateway.js';
import { HuaweiError } from './errors.js';
import { handleIamRequest } from './iam/gateway.js';

/**
 * Huawei Cloud's REST surface: GSL under /v1/ and the IAM subset its clients need under /v3/.
 * It is also the engine's fallback, so a path nobody serves gets the gateway's APIGW.0101.
 */
export function createHuaweiSurface(): VendorSurface {
  return {
    vendor: 'huawei',
    claims: (req) => req.path.startsWith('/v1/') || req.path.startsWith('/v3/'),
    handle: (req, ctx) => (req.path.startsWith('/v3/') ? handleIamRequest(req, ctx) : handleGslRequest(req, ctx)),
    internalError: (_req, ctx) => errorResponse(new HuaweiError('GSL.00010003'), ctx.requestIds.nextHex()),
  };
}
