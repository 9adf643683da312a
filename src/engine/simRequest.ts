/**
 * The transport-neutral request every adapter produces. Nothing here is parsed for a vendor:
 * signatures are computed over the raw bytes, so the body must arrive exactly as sent.
 */
export interface SimRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path as sent on the wire, still percent-encoded, without the query string. */
  readonly path: string;
  /** Raw query string as sent, without the leading '?', still percent-encoded ('' when absent). */
  readonly rawQuery: string;
  /** Header names lower-cased; a repeated header's values joined with ', ' in order, as fetch's Headers does (every adapter alike). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes exactly as received (empty when there is none). */
  readonly body: Uint8Array;
  /** Remote address, when the transport knows it (for the journal). */
  readonly remoteAddress?: string;
  /**
   * The body was over MAX_BODY_BYTES and was not read (`body` is then empty): the engine answers
   * the vendor's "request entity too large" and nothing runs.
   */
  readonly bodyTooLarge?: boolean;
}

/**
 * The largest body any adapter reads (Huawei's gateway refuses signed bodies above 12 MB with
 * APIGW.0201 and 413). One limit for every transport, so node:http and MSW agree.
 */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

export function headerValue(req: SimRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

/** Splits a request target such as '/v1/sim-cards?limit=10' into path and raw query. */
export function splitTarget(target: string): { path: string; rawQuery: string } {
  const q = target.indexOf('?');
  if (q < 0) return { path: target || '/', rawQuery: '' };
  return { path: target.slice(0, q) || '/', rawQuery: target.slice(q + 1) };
}

const utf8Decoder = new TextDecoder('utf-8');
export function bodyText(req: SimRequest): string {
  return req.body.length === 0 ? '' : utf8Decoder.decode(req.body);
}
