import type { EngineContext } from '../../src/engine/context.js';
import { bodyText, type SimRequest } from '../../src/engine/simRequest.js';
import type { SimResponse } from '../../src/engine/simResponse.js';
import type { VendorSurface } from '../../src/engine/surface.js';
import { errorResponse } from './envelope.js';
import { AliyunError, isAliyunErrorCode } from './errors.js';
import { handleRpc } from './gateway.js';

const ACTION_PARAM = /(?:^|&)Action=/;

/**
 * Alibaba's RPC APIs all live on path `/`; Huawei's never do. The header and path tests answer
 * almost every request; the query and body are looked at only for odd clients on other paths.
 */
export function claimsRpc(req: SimRequest): boolean {
  if (req.headers['x-acs-action'] !== undefined || req.path === '/') return true;
  if (ACTION_PARAM.test(req.rawQuery)) return true;
  const type = req.headers['content-type'];
  return (
    req.body.length > 0 && type !== undefined && type.startsWith('application/x-www-form-urlencoded') && ACTION_PARAM.test(bodyText(req))
  );
}

export function createAliyunSurface(): VendorSurface {
  return {
    vendor: 'aliyun',
    claims: claimsRpc,
    handle: handleRpc,
    internalError: (req: SimRequest, ctx: EngineContext): SimResponse =>
      errorResponse(new AliyunError('InternalError'), ctx.requestIds.nextUuid(), req, undefined),
    // 503 is the gateway's ServiceUnavailable; any other 5xx carries InternalError's body.
    systemError: (status, req, ctx, trace) => {
      const error = new AliyunError(status === 503 ? 'ServiceUnavailable' : 'InternalError');
      trace.errorCode = error.code;
      trace.errorMessage = error.message;
      return errorResponse(error, ctx.requestIds.nextUuid(), req, undefined, status);
    },
    payloadTooLarge: (req, ctx, trace) => {
      const error = new AliyunError('RequestEntityTooLarge');
      trace.errorCode = error.code;
      return errorResponse(error, ctx.requestIds.nextUuid(), req, undefined);
    },
    knowsError: isAliyunErrorCode,
  };
}
