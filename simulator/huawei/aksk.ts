import type { Digests } from '../../src/crypto/digests.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import { parseUrlEncoded, percentEncode, safeDecode } from '../../src/engine/urlEncoding.js';

/**
 * SDK-HMAC-SHA256, the AK/SK signature of Huawei Cloud's API gateway, verified the way
 * @huaweicloud/huaweicloud-sdk-core and huaweicloudsdkcore compute it:
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(SK, StringToSign))
 */
export const ALGORITHM = 'SDK-HMAC-SHA256';

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SdkHmacAuthorization {
  readonly ak: string;
  /** Lower-case header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`; undefined when malformed. */
export function parseAuthorization(value: string): SdkHmacAuthorization | undefined {
  if (!value.startsWith(ALGORITHM + ' ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const ak = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!ak || !signedHeaders || !signature) return undefined;
  return { ak, signedHeaders: signedHeaders.toLowerCase().split(';').filter(Boolean), signature: signature.toLowerCase() };
}

/** `X-Sdk-Date` in the basic format YYYYMMDDTHHMMSSZ (UTC) → epoch ms; undefined when malformed. */
export function parseSdkDate(value: string | undefined): number | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 20261340T… over into a later date; the gateway refuses such a date.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return ms;
}

export function formatSdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The canonical URIs a client may have signed for this wire path, most likely first. The SDKs
 * sign the decoded path re-encoded, with a trailing slash; the Node SDK re-encodes characters
 * that url.parse had already escaped, so the raw wire segments encoded once more come second.
 */
export function canonicalUris(path: string): string[] {
  const withSlash = (uri: string) => (uri.endsWith('/') ? uri : uri + '/');
  const segments = path.split('/');
  const decoded = withSlash(segments.map((s) => percentEncode(safeDecode(s, false))).join('/'));
  if (!path.includes('%')) return [decoded];
  const raw = withSlash(segments.map((s) => percentEncode(s)).join('/'));
  return raw === decoded ? [decoded] : [decoded, raw];
}

/**
 * The canonical query: decoded pairs sorted by name, then by value for repeated names (the SDK
 * sorts an array parameter's values), each side RFC 3986-encoded. The SDKs never send '+' for a
 * space, but a form-encoding client does, so a query with '+' also gets the reading where it is
 * a space.
 */
export function canonicalQueries(rawQuery: string): string[] {
  const build = (plusIsSpace: boolean) =>
    parseUrlEncoded(rawQuery, plusIsSpace)
      .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
      .join('&');
  const literal = build(false);
  return rawQuery.includes('+') ? [literal, build(true)] : [literal];
}

export function canonicalHeaders(req: SimRequest, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${(req.headers[name] ?? '').trim()}\n`;
  return out;
}

/** The literal the SDKs put in X-Sdk-Content-Sha256 to leave a (non-JSON) body out of the signature. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function bodySha256(req: SimRequest, digests: Digests): string {
  return req.body.length === 0 ? EMPTY_BODY_SHA256 : digests.sha256Hex(req.body);
}

/** The payload hash as signed: the declared X-Sdk-Content-Sha256 if any (authenticate checks it against the body). */
export function payloadHash(req: SimRequest, digests: Digests): string {
  const declared = req.headers['x-sdk-content-sha256'];
  if (declared) return declared;
  return bodySha256(req, digests);
}

export function stringToSign(sdkDate: string, canonicalRequest: string, digests: Digests): string {
  return `${ALGORITHM}\n${sdkDate}\n${digests.sha256Hex(canonicalRequest)}`;
}

/** Every canonical request the client may have signed (usually exactly one). */
export function canonicalRequests(req: SimRequest, auth: SdkHmacAuthorization, digests: Digests): string[] {
  const headers = canonicalHeaders(req, auth.signedHeaders);
  const tail = `${headers}\n${auth.signedHeaders.join(';')}\n${payloadHash(req, digests)}`;
  const out: string[] = [];
  for (const uri of canonicalUris(req.path)) {
    for (const query of canonicalQueries(req.rawQuery)) out.push(`${req.method}\n${uri}\n${query}\n${tail}`);
  }
  return out;
}

/** True when the signature matches one of the canonical readings of the request. */
export function verifySignature(req: SimRequest, auth: SdkHmacAuthorization, sk: string, sdkDate: string, digests: Digests): boolean {
  let candidates: string[];
  try {
    candidates = canonicalRequests(req, auth, digests);
  } catch {
    return false; // a path or query that cannot be encoded (lone surrogate) cannot have been signed
  }
  return candidates.some((canonical) => digests.hmacSha256Hex(sk, stringToSign(sdkDate, canonical, digests)) === auth.signature);
}
