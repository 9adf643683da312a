import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { MAX_BODY_BYTES, type SimRequest } from '../engine/simRequest.js';
import { responseBytes, type SimResponse } from '../engine/simResponse.js';
import type { Simulator } from '../simulator.js';

/**
 * The hosts production code talks to. The SDKs may be told `protocol: 'http'`, so both schemes are
 * intercepted. Huawei's SDK core looks projects up on the global IAM host by default
 * (`iam.myhuaweicloud.com`), while tokens are usually asked of the regional one.
 */
export const VENDOR_HOSTS = [
  'linkcard.aliyuncs.com',
  'dyiotapi.aliyuncs.com',
  'gsl.cn-north-4.myhuaweicloud.com',
  'iam.cn-north-4.myhuaweicloud.com',
  'iam.myhuaweicloud.com',
] as const;

export const VENDOR_BASE_URLS: readonly string[] = VENDOR_HOSTS.flatMap((host) => [`https://${host}`, `http://${host}`]);

export interface MswHandlerOptions {
  /**
   * The origins to answer for (`https://linkcard.aliyuncs.com`, `http://localhost:9999`, …);
   * default: the vendors' production hosts. Only the origin counts: the simulator owns every path.
   */
  baseUrls?: readonly string[];
}

/**
 * MSW request handlers backed by a simulator: an intercepted fetch/XHR/http request becomes a
 * SimRequest for the same engine the HTTP server runs, so no behaviour is written twice. Pass the
 * Simulator a running server serves to share its fleet, or a new one for a world of their own.
 * Works with `setupServer` (msw/node) and `setupWorker` (msw/browser).
 */
export function createHandlers(simulator: Simulator, options: MswHandlerOptions = {}): HttpHandler[] {
  const origins = (options.baseUrls ?? VENDOR_BASE_URLS).map((base) => new URL(base).origin);
  return origins.map((origin) =>
    // A RegExp, because a string pattern would not match the bare origin ('/?Action=…').
    http.all(new RegExp('^' + escapeRegExp(origin) + '(?:[/?#]|$)'), async ({ request }) =>
      // Looked up per request, so a wrapper installed on simulator.handle later still applies.
      toResponse(simulator.handle(await toSimRequest(request)), request.method),
    ),
  );
}

/** Turns a Fetch API Request into the engine's transport-neutral request, body bytes untouched. */
export async function toSimRequest(request: Request): Promise<SimRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A browser never lets a page set Host, yet the SDKs sign it: it is the URL's host.
  headers['host'] ??= url.host;
  const method = request.method.toUpperCase();
  const target = { method, path: url.pathname || '/', rawQuery: url.search.slice(1), headers };
  if (method === 'GET' || method === 'HEAD') return { ...target, body: droppedGetBody(headers) };
  // The same limit as the HTTP server: a declared length over it is refused unread.
  if (Number(headers['content-length']) > MAX_BODY_BYTES) return tooLarge(target, request);
  const body = await readLimited(request);
  return body === undefined ? tooLarge(target, request) : { ...target, body };
}

function tooLarge(target: Omit<SimRequest, 'body'>, request: Request): SimRequest {
  void request.body?.cancel().catch(() => undefined);
  return { ...target, body: new Uint8Array(), bodyTooLarge: true };
}

/** The body's bytes, or undefined once they pass MAX_BODY_BYTES (the rest is not read). */
async function readLimited(request: Request): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

const EMPTY_JSON_OBJECT = new TextEncoder().encode('{}');

/**
 * A Fetch Request cannot carry a GET body, so MSW drops one a Node client sent. Huawei's SDK core
 * sends `{}` with some GETs (the IAM project look-up) and signs its hash; a two-byte JSON body is
 * that `{}`. Any other dropped GET body is unknowable here (docs/fidelity.md).
 */
function droppedGetBody(headers: Record<string, string>): Uint8Array {
  const json = headers['content-type']?.startsWith('application/json') ?? false;
  return json && headers['content-length'] === '2' ? EMPTY_JSON_OBJECT : new Uint8Array();
}

/** Statuses whose response must not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The engine's answer as the node adapter sends it: with its length (an SDK reading through
 * node:http under msw/node otherwise got neither a length nor chunked framing), and for HEAD
 * with no body. A surface's own length wins, as there.
 */
async function toResponse(out: SimResponse, method: string): Promise<Response> {
  if (out.delayMs !== undefined && out.delayMs > 0) await delay(out.delayMs);
  if (out.drop) return HttpResponse.error();
  // Cached JSON fragments arrive as chunks: the Response constructor takes one body.
  const bytes = responseBytes(out);
  // A stream (the events) has no length over HTTP; here only its opening is sent, without one too.
  const headers = out.stream ? out.headers : { 'content-length': String(bytes.byteLength), ...out.headers };
  const body = NULL_BODY_STATUSES.has(out.status) || method.toUpperCase() === 'HEAD' ? null : bytes;
  return new HttpResponse(body, { status: out.status, headers });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
