import type { SimRequest } from '../../src/engine/simRequest.js';
import type { SimResponse } from '../../src/engine/simResponse.js';
import type { AliyunError } from './errors.js';
import type { ErrorBody, Product } from './products.js';

/**
 * Every Alibaba byte leaves through here: the serialisation (JSON today; Format=XML would be
 * added here and nowhere else), the content type the real gateway sends, and the request id
 * both in the body and in `x-acs-request-id`.
 */
const CONTENT_TYPE = 'application/json;charset=utf-8';

export function successResponse(product: Product, requestId: string, result: unknown): SimResponse {
  return respond(200, product.success(requestId, result), requestId);
}

export function errorResponse(
  error: AliyunError,
  requestId: string,
  req: SimRequest,
  product: Product | undefined,
  status: number = error.status,
): SimResponse {
  const body: ErrorBody = {
    RequestId: requestId,
    HostId: product?.host ?? req.headers['host'] ?? 'aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: recommend(error.code, requestId, product),
  };
  const shaped = error.origin === 'business' && product ? product.businessError(body, error) : body;
  return respond(status, shaped, requestId);
}

/** Adds a header without re-serialising (e.g. the auth warning in 'warn' mode). */
export function withHeader(response: SimResponse, name: string, value: string): SimResponse {
  response.headers[name] = value;
  return response;
}

function respond(status: number, body: object, requestId: string): SimResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-acs-request-id': requestId },
    body: JSON.stringify(body),
  };
}

/** The troubleshooting link in its current (2024–2025) form. */
function recommend(code: string, requestId: string, product: Product | undefined): string {
  const productPart = product ? `&product=${product.name}` : '';
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}${productPart}&requestId=${requestId}`;
}
