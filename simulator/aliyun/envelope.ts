import { XMLBuilder } from 'fast-xml-parser';
import { materialise, serialiseJson } from '../../src/engine/rawJson.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import type { SimResponse } from '../../src/engine/simResponse.js';
import type { AliyunError } from './errors.js';
import type { ErrorBody, Product } from './products.js';

/**
 * Every Alibaba byte leaves through here: the serialisation (Format=JSON or XML), the content
 * type the real gateway sends, and the request id both in the body and in `x-acs-request-id`.
 */
export type ResponseFormat = 'JSON' | 'XML';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
/** XML success bodies: the documentation shows application/xml (aliyun-api.md §4.1). */
const XML_CONTENT_TYPE = 'application/xml;charset=utf-8';
/** XML errors: the one content type openapi-client parses as an XML error (aliyun-api.md §3.5). */
const XML_ERROR_CONTENT_TYPE = 'text/xml;charset=utf-8';

export function successResponse(product: Product, requestId: string, result: unknown, action: string, format: ResponseFormat): SimResponse {
  return respond(200, product.success(requestId, result), requestId, format, `${action}Response`);
}

export function errorResponse(
  error: AliyunError,
  requestId: string,
  req: SimRequest,
  product: Product | undefined,
  status: number = error.status,
  format: ResponseFormat = 'JSON',
  action?: string,
): SimResponse {
  const body: ErrorBody = {
    RequestId: requestId,
    HostId: product?.host ?? req.headers['host'] ?? 'aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: recommend(error.code, requestId, product),
  };
  const shaped = product && (error.origin === 'business' || product.failureFieldsOnEveryError) ? product.businessError(body, error) : body;
  // A Dyiotapi business failure at HTTP 200 is an ordinary response of the action, not an <Error>.
  const root = status < 400 && action ? `${action}Response` : 'Error';
  return respond(status, shaped, requestId, format, root);
}

/** Adds a header without re-serialising (e.g. the auth warning in 'warn' mode). */
export function withHeader(response: SimResponse, name: string, value: string): SimResponse {
  response.headers[name] = value;
  return response;
}

/**
 * XML lists follow from the JSON shapes (aliyun-api.md §4.2): a JSON array becomes its element
 * repeated (linkcard's `<Data>…</Data><Data>…</Data>`, `<Imsi>` per item), and Dyiotapi's
 * wrapped lists (`CardFlowInfos.CardFlowInfo[]`) become the plural element holding one singular
 * element per item. Booleans and numbers are bare text.
 */
const xml = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: false, processEntities: true });

function respond(status: number, body: object, requestId: string, format: ResponseFormat, root: string): SimResponse {
  const headers = { 'x-acs-request-id': requestId };
  if (format === 'JSON') {
    return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: serialiseJson(body) };
  }
  const contentType = root === 'Error' ? XML_ERROR_CONTENT_TYPE : XML_CONTENT_TYPE;
  const text = '<?xml version="1.0" encoding="UTF-8"?>' + (xml.build({ [root]: materialise(body) }) as string);
  return { status, headers: { 'content-type': contentType, ...headers }, body: text };
}

/** The troubleshooting link in its current (2024–2025) form. */
function recommend(code: string, requestId: string, product: Product | undefined): string {
  const productPart = product ? `&product=${product.name}` : '';
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}${productPart}&requestId=${requestId}`;
}
