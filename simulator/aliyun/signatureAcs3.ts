import type { Digests } from '../../src/crypto/digests.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import { percentEncode } from '../../src/engine/urlEncoding.js';
import { AliyunError } from './errors.js';
import type { RpcParams } from './rpcParams.js';
import type { SignedRequest } from './signedRequest.js';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface Acs3Authorization {
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Alibaba signature V3 (ACS3-HMAC-SHA256), aliyun-api.md §3.4 and sdk-wire-behaviour.md §3.2.
 * The header set is whatever the client listed in SignedHeaders: the TypeScript SDK signs host,
 * content-type and x-acs-*, the Python one every header it sends.
 */
export function readSignatureAcs3(req: SimRequest, params: RpcParams, digests: Digests): SignedRequest {
  const authorization = parseAcs3Authorization(req.headers['authorization'] ?? '');
  const payloadHash = digests.sha256Hex(req.body);
  const stringToSign = (signedHeaders: readonly string[]) => acs3StringToSign(req, params.query, signedHeaders, payloadHash, digests);
  if (!authorization) throw new AliyunError('IncompleteSignature', { stringToSign: stringToSign([]) });
  const declaredHash = req.headers['x-acs-content-sha256'];
  return {
    scheme: 'acs3',
    accessKeyId: authorization.accessKeyId,
    accessKeyIdName: 'Credential',
    timestamp: req.headers['x-acs-date'],
    timestampName: 'x-acs-date',
    nonce: req.headers['x-acs-signature-nonce'],
    nonceName: 'x-acs-signature-nonce',
    verify(secret: string) {
      const text = stringToSign(authorization.signedHeaders);
      // A body changed after signing must fail even if the signed hash header was left alone.
      const bodyIntact = declaredHash === undefined || declaredHash.toLowerCase() === payloadHash;
      return { matches: bodyIntact && digests.hmacSha256Hex(secret, text) === authorization.signature, stringToSign: text };
    },
  };
}

/** `ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<a;b>,Signature=<hex>`; undefined if malformed. */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  if (!header.startsWith(ACS3_ALGORITHM + ' ')) return undefined;
  let accessKeyId: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of header.slice(ACS3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'Credential') accessKeyId = value;
    else if (key === 'SignedHeaders') signedHeaders = value;
    else if (key === 'Signature') signature = value;
  }
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature: signature.toLowerCase() };
}

export function acs3CanonicalRequest(
  req: SimRequest,
  query: RpcParams['query'],
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const names = [...signedHeaders].sort();
  let headers = '';
  for (const name of names) headers += name + ':' + (req.headers[name] ?? '').trim() + '\n';
  return (
    req.method.toUpperCase() +
    '\n' +
    (req.path || '/') +
    '\n' +
    canonicalQuery(query) +
    '\n' +
    headers +
    '\n' +
    names.join(';') +
    '\n' +
    payloadHash
  );
}

export function acs3StringToSign(
  req: SimRequest,
  query: RpcParams['query'],
  signedHeaders: readonly string[],
  payloadHash: string,
  digests: Digests,
): string {
  return ACS3_ALGORITHM + '\n' + digests.sha256Hex(acs3CanonicalRequest(req, query, signedHeaders, payloadHash));
}

/** Decoded pairs re-encoded RFC 3986 and sorted by name (only query parameters are signed here). */
function canonicalQuery(query: RpcParams['query']): string {
  if (query.length === 0) return '';
  return query
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([name, value]) => name + '=' + value)
    .join('&');
}
