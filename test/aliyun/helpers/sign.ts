import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SimRequest } from '#src/engine/simRequest.js';

/**
 * A client-side signer written apart from the simulator (node:crypto, its own encoder), so the
 * gateway is never checked against itself. Follows sdk-wire-behaviour.md §1.2 and §3.2.
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nonce(): string {
  return randomBytes(16).toString('hex');
}

export interface V1Options {
  method?: 'GET' | 'POST';
  /** Where the signed parameters travel: all in the query (pop-core GET), all in the body (pop-core POST). */
  placement?: 'query' | 'body';
  accessKeyId?: string;
  secret?: string;
  /** Epoch ms the Timestamp says. */
  at: number;
  nonce?: string;
  /** Applied to the system parameters before signing (to drop or alter one). */
  system?: (p: Record<string, string>) => void;
}

export function v1SignatureOf(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${rfc3986('/')}&${rfc3986(canonical)}`;
  return createHmac('sha1', secret + '&')
    .update(stringToSign)
    .digest('base64');
}

/** A signed V1 RPC request as pop-core would send it. */
export function signedV1(action: string, version: string, business: Record<string, string>, o: V1Options): SimRequest {
  const method = o.method ?? 'GET';
  const params: Record<string, string> = {
    AccessKeyId: o.accessKeyId ?? 'testAccessKeyId',
    Action: action,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: o.nonce ?? nonce(),
    SignatureVersion: '1.0',
    Timestamp: isoSeconds(o.at),
    Version: version,
    ...business,
  };
  o.system?.(params);
  params['Signature'] = v1SignatureOf(method, params, o.secret ?? 'testAccessKeySecret');
  const encoded = Object.entries(params)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
  const inBody = (o.placement ?? (method === 'POST' ? 'body' : 'query')) === 'body';
  return {
    method,
    path: '/',
    rawQuery: inBody ? '' : encoded,
    headers: {
      host: 'linkcard.aliyuncs.com',
      'x-acs-action': action,
      'x-acs-version': version,
      ...(inBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: inBody ? new TextEncoder().encode(encoded) : new Uint8Array(),
  };
}

export interface Acs3Options {
  method?: 'GET' | 'POST';
  accessKeyId?: string;
  secret?: string;
  at: number;
  nonce?: string;
  /** Business parameters in a form body instead of the query. */
  formBody?: boolean;
}

/** A signed ACS3 request as @alicloud/openapi-client sends it by default. */
export function signedAcs3(action: string, version: string, business: Record<string, string>, o: Acs3Options): SimRequest {
  const method = o.method ?? 'POST';
  const query = o.formBody
    ? ''
    : Object.entries(business)
        .map(([k, v]) => `${k}=${rfc3986(v)}`)
        .join('&');
  const bodyText = o.formBody
    ? Object.entries(business)
        .map(([k, v]) => `${k}=${rfc3986(v)}`)
        .join('&')
    : '';
  const body = new TextEncoder().encode(bodyText);
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080',
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': isoSeconds(o.at),
    'x-acs-signature-nonce': o.nonce ?? nonce(),
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
    accept: 'application/json',
    ...(o.formBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const signed = Object.keys(headers)
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort();
  const canonicalQuery = Object.keys(business)
    .filter(() => !o.formBody)
    .sort()
    .map((k) => `${k}=${rfc3986(business[k]!)}`)
    .join('&');
  const canonicalRequest = [
    method,
    '/',
    canonicalQuery,
    signed.map((h) => `${h}:${headers[h]!.trim()}\n`).join(''),
    signed.join(';'),
    headers['x-acs-content-sha256'],
  ].join('\n');
  const stringToSign = 'ACS3-HMAC-SHA256\n' + createHash('sha256').update(canonicalRequest).digest('hex');
  const signature = createHmac('sha256', o.secret ?? 'testAccessKeySecret')
    .update(stringToSign)
    .digest('hex');
  headers['authorization'] =
    `ACS3-HMAC-SHA256 Credential=${o.accessKeyId ?? 'testAccessKeyId'},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return { method, path: '/', rawQuery: query, headers, body };
}
