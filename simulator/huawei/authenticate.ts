import { signatureNow, type EngineContext } from '../../src/engine/context.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import type { RequestTrace } from '../../src/engine/trace.js';
import type { Credential } from '../../src/fleet/credentials.js';
import type { Account, HuaweiAkSk } from '../../src/fleet/model.js';
import {
  ALGORITHM,
  bodySha256,
  canonicalRequests,
  stringToSign,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  verifySignature,
  type SdkHmacAuthorization,
  UNSIGNED_PAYLOAD,
} from './aksk.js';
import { HuaweiError } from './errors.js';
import { iamTime, openToken, type TokenCheck } from './iam/token.js';

/** Who a request acts for, and what a lenient auth mode let through. */
export interface Principal {
  readonly account: Account;
  /** The error strict mode would have answered (authMode 'warn'). */
  readonly warning?: HuaweiError;
  /** Authenticated by a domain-scoped IAM token: valid for the gateway, naming no project. */
  readonly domainScopedToken?: boolean;
}

/**
 * The gateway's authentication: SDK-HMAC-SHA256 (AK/SK) or an IAM token (X-Auth-Token, used
 * when the request is not signed), then the project the request names. In 'warn' and 'off' modes failures are let through, and the account comes
 * from whatever the request names (its AK, else its X-Project-Id; in 'off', else the first account).
 */
export function authenticate(req: SimRequest, ctx: EngineContext, trace?: RequestTrace): Principal {
  const mode = ctx.settings.authMode;
  const authorization = req.headers['authorization'];
  const parsed = authorization ? parseAuthorization(authorization) : undefined;
  const byAk = parsed ? ctx.fleet.credentials.lookup('huawei-ak-sk', parsed.ak) : undefined;
  const projectId = req.headers['x-project-id'];

  const token = parsed ? undefined : req.headers['x-auth-token'];
  const byToken = token !== undefined ? openToken(ctx, token) : undefined;

  const failure = mode === 'off' ? undefined : check(req, ctx, parsed, byAk, byToken);
  if (failure && trace) {
    const expected = parsed && byAk ? expectedSignature(req, parsed, ctx) : undefined;
    trace.authFailed(failure, expected?.stringToSign, expected?.canonicalRequest, parsed?.signedHeaders.join(';'));
  } else if (trace) trace.auth = mode === 'off' ? 'skipped' : 'passed';
  if (mode === 'strict' && failure) throw failure;

  const account =
    byAk?.account ??
    (byToken?.ok ? byToken.account : undefined) ??
    (mode !== 'strict' && projectId ? accountByProject(ctx, projectId) : undefined) ??
    // With checks off a request naming nobody is the first account's, as on the Alibaba side (docs/control-plane.md).
    (mode === 'off' ? ctx.fleet.accounts().find((a) => a.huawei) : undefined);
  if (!account) throw failure ?? check(req, ctx, parsed, byAk, byToken) ?? iamError('verify aksk signature fail');

  // The project must be one of the account's; in a lenient mode the AK's account wins.
  if (projectId && projectId !== account.huawei?.projectId) {
    const unavailable = new HuaweiError('APIGW.0310');
    if (mode === 'strict') throw unavailable;
    return { account, warning: failure ?? unavailable };
  }
  const domainScopedToken = !byAk && byToken?.ok === true && byToken.claims.p === undefined && mode !== 'off';
  return { account, ...(failure ? { warning: failure } : {}), ...(domainScopedToken ? { domainScopedToken } : {}) };
}

function check(
  req: SimRequest,
  ctx: EngineContext,
  auth: SdkHmacAuthorization | undefined,
  byAk: Credential<HuaweiAkSk> | undefined,
  byToken: TokenCheck | undefined,
): HuaweiError | undefined {
  const authorization = req.headers['authorization'];
  if (!authorization?.startsWith(ALGORITHM)) {
    if (byToken) {
      if (byToken.ok) return undefined;
      return byToken.reason === 'expired'
        ? iamError(`token expires, expires_at: ${iamTime(byToken.expiresAt ?? 0)}`)
        : iamError('decrypt token fail');
    }
    return iamError(authorization ? 'verify aksk signature fail' : 'x-auth-token not found');
  }
  if (!auth) return iamError('verify aksk signature fail');

  const sdkDate = req.headers['x-sdk-date'] ?? '';
  const signedAt = parseSdkDate(sdkDate);
  const now = signatureNow(ctx);
  if (signedAt === undefined || Math.abs(now - signedAt) > ctx.settings.signatureWindowMs) {
    return new HuaweiError('APIGW.0303', {
      reason: `signature expired, signature time:${sdkDate},server time:${formatSdkDate(now)}`,
    });
  }
  if (!byAk || !bodyIntact(req, ctx) || !verifySignature(req, auth, byAk.material.sk, sdkDate, ctx.digests))
    return iamError('verify aksk signature fail');
  return undefined;
}

/**
 * A declared hex X-Sdk-Content-Sha256 stands in for the body in the signature, so it must be the
 * hash of the body received: a body swapped after signing fails like a bad signature.
 * UNSIGNED-PAYLOAD, which the SDKs send for non-JSON bodies, leaves the body unsigned by design.
 */
function bodyIntact(req: SimRequest, ctx: EngineContext): boolean {
  const declared = req.headers['x-sdk-content-sha256'];
  if (declared === undefined || declared === '' || declared === UNSIGNED_PAYLOAD) return true;
  return declared.toLowerCase() === bodySha256(req, ctx.digests);
}

/** What the server signed for this request (the first canonical reading), for the journal. */
function expectedSignature(
  req: SimRequest,
  auth: SdkHmacAuthorization,
  ctx: EngineContext,
): { canonicalRequest: string; stringToSign: string } | undefined {
  try {
    const canonical = canonicalRequests(req, auth, ctx.digests)[0];
    return canonical === undefined
      ? undefined
      : { canonicalRequest: canonical, stringToSign: stringToSign(req.headers['x-sdk-date'] ?? '', canonical, ctx.digests) };
  } catch {
    return undefined;
  }
}

function iamError(reason: string): HuaweiError {
  return new HuaweiError('APIGW.0301', { reason });
}

function accountByProject(ctx: EngineContext, projectId: string): Account | undefined {
  return ctx.fleet.accounts().find((a) => a.huawei?.projectId === projectId);
}
