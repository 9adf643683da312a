import type { VendorSurface } from '../../src/engine/surface.js';
import { errorResponse, handleGslRequest } from './gateway.js';
import { HuaweiError, isHuaweiErrorCode, systemBusy } from './errors.js';
import { handleIamRequest } from './iam/gateway.js';

/**
 * Huawei Cloud's REST surface: GSL under /v1/ and the IAM subset its clients need under /v3/.
 * It is also the engine's fallback, so a path nobody serves gets the gateway's APIGW.0101.
 */
export function createHuaweiSurface(): VendorSurface {
  return {
    vendor: 'huawei',
    claims: (req) => req.path.startsWith('/v1/') || req.path.startsWith('/v3/'),
    handle: (req, ctx, trace) => (req.path.startsWith('/v3/') ? handleIamRequest(req, ctx, trace) : handleGslRequest(req, ctx, trace)),
    // The gateway notes the operation on the trace as soon as it has routed the request (before
    // anything that can fail), so the trace names it here and in systemError: no second routing.
    internalError: (_req, ctx, trace) => errorResponse(systemBusy(trace.action), ctx.requestIds.nextHex()),
    // GSL's "system busy" body at whatever 5xx status the fault asks for. A fault acts at the
    // checkpoint, once the gateway has routed.
    systemError: (status, req, ctx, trace) => {
      const error = systemBusy(trace.action);
      trace.errorCode = error.code;
      trace.errorMessage = error.message;
      const res = errorResponse(error, ctx.requestIds.nextHex());
      res.status = status;
      return res;
    },
    payloadTooLarge: (_req, ctx, trace) => {
      trace.errorCode = 'APIGW.0201';
      return errorResponse(new HuaweiError('APIGW.0201'), ctx.requestIds.nextHex());
    },
    knowsError: isHuaweiErrorCode,
  };
}
