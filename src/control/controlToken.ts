import { jsonResponse, type SimResponse } from '../engine/simResponse.js';
import type { SimRequest } from '../engine/simRequest.js';
import { CONTROL_PREFIX } from './route.js';

/**
 * The control plane's access token. On loopback the control plane is open (it is the developer's
 * own machine); a simulator listening beyond loopback, or started with a token, requires
 * `Authorization: Bearer <token>` on every /_sim/ request except the public, secret-free reads:
 * the console's page and assets, the health check and the OpenAPI documents
 * (docs/control-plane.md, "Access token").
 */

/** The environment variable the CLI reads the token from. */
export const CONTROL_TOKEN_ENV = 'IOTCARD_SIM_CONTROL_TOKEN';

/** True for the reads anyone may make: nothing in them is secret or changes the world. */
export function isPublicControlRequest(req: SimRequest): boolean {
  if (req.method !== 'GET') return false;
  const path = req.path;
  // No dot segments or encoded separators: a public prefix must not lead anywhere else.
  if (/(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\/i.test(path)) return false;
  return (
    path === CONTROL_PREFIX ||
    path === `${CONTROL_PREFIX}/` ||
    path === `${CONTROL_PREFIX}/console` ||
    path.startsWith(`${CONTROL_PREFIX}/console/`) ||
    path === `${CONTROL_PREFIX}/health` ||
    path === `${CONTROL_PREFIX}/openapi` ||
    path.startsWith(`${CONTROL_PREFIX}/openapi/`)
  );
}

/** The 401 for a request without the right token, in the control plane's error shape; undefined when it may pass. */
export function refuseWithoutToken(req: SimRequest, token: string | undefined): SimResponse | undefined {
  if (token === undefined || isPublicControlRequest(req)) return undefined;
  const given = bearer(req.headers['authorization']);
  if (given !== undefined && sameText(given, token)) return undefined;
  return jsonResponse(
    401,
    {
      error: {
        code: 'Unauthorized',
        message:
          given === undefined
            ? 'the control plane needs its access token: send Authorization: Bearer <token> (the token printed at start, given with --control-token or IOTCARD_SIM_CONTROL_TOKEN)'
            : 'the control plane access token does not match',
      },
    },
    { 'WWW-Authenticate': 'Bearer realm="iotcard-sim control plane"' },
  );
}

function bearer(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m ? m[1] : undefined;
}

/** Compares in time independent of where the texts differ (no node:crypto here: the control plane runs in browsers too). */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i % Math.max(a.length, 1)) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Hosts that only the machine itself can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** A fresh token: 32 random bytes, base64url (Web Crypto, as everywhere on the road). */
export function generateControlToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
