import { toBase64 } from '../../../src/crypto/digests.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { Account } from '../../../src/fleet/model.js';

/**
 * IAM tokens, stateless: the claims travel in the token itself, sealed with an HMAC under the
 * running world's own key (ctx.keys, random per world and saved with it), so nothing is stored
 * per token, a restart from the state file keeps tokens valid, and nobody can forge one. The leading "MII" is how real tokens (CMS envelopes) begin, which
 * some clients check; nothing else about the format is meant to resemble IAM's.
 */
const PREFIX = 'MIIsim';

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface TokenClaims {
  /** Account id (fleet). */
  readonly a: string;
  /** IAM user name. */
  readonly u: string;
  /** Scope: the project id, or undefined for a domain-scoped token. */
  readonly p?: string;
  /** Issued and expiry instants, epoch ms on the simulated clock. */
  readonly i: number;
  readonly e: number;
}

export function sealToken(ctx: EngineContext, claims: TokenClaims): string {
  const payload = toBase64(new TextEncoder().encode(JSON.stringify(claims)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${PREFIX}${payload}.${ctx.digests.hmacSha256Hex(ctx.keys.iamToken, payload)}`;
}

/** The token's account and claims, or why the gateway refuses it. */
export type TokenCheck =
  | { readonly ok: true; readonly account: Account; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'decrypt' | 'expired'; readonly expiresAt?: number };

export function openToken(ctx: EngineContext, token: string): TokenCheck {
  const dot = token.lastIndexOf('.');
  if (!token.startsWith(PREFIX) || dot < 0) return { ok: false, reason: 'decrypt' };
  const payload = token.slice(PREFIX.length, dot);
  if (ctx.digests.hmacSha256Hex(ctx.keys.iamToken, payload) !== token.slice(dot + 1)) return { ok: false, reason: 'decrypt' };
  let claims: TokenClaims;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as TokenClaims;
  } catch {
    return { ok: false, reason: 'decrypt' };
  }
  // Every token the simulator issues carries all of these; one without an expiry would never expire.
  if (!wellFormed(claims)) return { ok: false, reason: 'decrypt' };
  const account = ctx.fleet.account(claims.a);
  if (!account?.huawei?.iamUsers.some((u) => u.name === claims.u)) return { ok: false, reason: 'decrypt' };
  if (ctx.clock.now() >= claims.e) return { ok: false, reason: 'expired', expiresAt: claims.e };
  return { ok: true, account, claims };
}

function wellFormed(claims: unknown): claims is TokenClaims {
  if (typeof claims !== 'object' || claims === null) return false;
  const c = claims as Record<string, unknown>;
  return (
    typeof c.a === 'string' &&
    typeof c.u === 'string' &&
    (c.p === undefined || typeof c.p === 'string') &&
    Number.isSafeInteger(c.i) &&
    Number.isSafeInteger(c.e) &&
    (c.e as number) > (c.i as number)
  );
}

/** IAM's timestamps: ISO-8601 UTC with microseconds, e.g. 2020-01-04T09:05:22.701000Z. */
export function iamTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '000Z');
}
