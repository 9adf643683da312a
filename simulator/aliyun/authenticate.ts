import { signatureNow, type EngineContext } from '../../src/engine/context.js';
import { MAX_NONCE_LENGTH } from '../../src/engine/replayGuard.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import type { RequestTrace } from '../../src/engine/trace.js';
import type { Account, AliyunAccessKey } from '../../src/fleet/model.js';
import { AliyunError } from './errors.js';
import type { RpcParams } from './rpcParams.js';
import { ACS3_ALGORITHM, readSignatureAcs3 } from './signatureAcs3.js';
import { readSignatureV1 } from './signatureV1.js';
import type { SignedRequest } from './signedRequest.js';

export interface Caller {
  readonly account: Account;
  /** The key used, when known (its RAM permissions apply). */
  readonly key?: AliyunAccessKey;
  /** Set in 'warn' mode when strict checking would have refused the request. */
  readonly warning?: AliyunError;
}

/**
 * Who is calling, checked the way the gateway does: the scheme's own shape, then the common
 * parameters, the key, the clock window, the signature, and last the nonce (so a request refused
 * for its signature does not burn its nonce).
 */
export function authenticate(req: SimRequest, params: RpcParams, ctx: EngineContext, trace?: RequestTrace): Caller {
  const mode = ctx.settings.authMode;
  if (mode === 'off') {
    if (trace) trace.auth = 'skipped';
    return lenientCaller(req, params, ctx);
  }
  try {
    const caller = verify(req, params, ctx);
    if (trace) trace.auth = 'passed';
    return caller;
  } catch (err) {
    if (!(err instanceof AliyunError)) throw err;
    trace?.authFailed(err, err.detail.stringToSign, undefined, signedHeadersOf(req.headers['authorization']));
    if (mode === 'strict') throw err;
    return { ...lenientCaller(req, params, ctx), warning: err };
  }
}

function verify(req: SimRequest, params: RpcParams, ctx: EngineContext): Caller {
  const signed = readSignature(req, params, ctx);
  if (!signed.accessKeyId) throw new AliyunError('MissingParameter', { name: signed.accessKeyIdName });
  if (!signed.timestamp) throw new AliyunError('MissingParameter', { name: signed.timestampName });
  if (!signed.nonce) throw new AliyunError('MissingParameter', { name: signed.nonceName });
  if (signed.nonce.length > MAX_NONCE_LENGTH) throw new AliyunError('InvalidParameter', { name: signed.nonceName });
  const signedAt = parseTimestamp(signed.timestamp);
  if (signedAt === undefined) throw new AliyunError('InvalidTimeStamp.Format');

  const found = ctx.fleet.credentials.lookup('aliyun-access-key', signed.accessKeyId);
  if (!found) throw new AliyunError('InvalidAccessKeyId.NotFound');
  if (!found.material.enabled) throw new AliyunError('InvalidAccessKeyId.Inactive');

  const now = signatureNow(ctx);
  if (Math.abs(now - signedAt) > ctx.settings.signatureWindowMs) throw new AliyunError('InvalidTimeStamp.Expired');

  const { matches, stringToSign } = signed.verify(found.material.accessKeySecret);
  if (!matches) throw new AliyunError('SignatureDoesNotMatch', { stringToSign });

  // Kept while a replay could still pass the timestamp check, and no longer.
  const until = signedAt + ctx.settings.signatureWindowMs + 1;
  if (!ctx.nonces.accept('aliyun:' + signed.accessKeyId, signed.nonce, now, until)) throw new AliyunError('SignatureNonceUsed');
  return { account: found.account, key: found.material };
}

function readSignature(req: SimRequest, params: RpcParams, ctx: EngineContext): SignedRequest {
  const authorization = req.headers['authorization'];
  if (authorization === undefined || params.all.has('Signature')) return readSignatureV1(req, params, ctx.digests);
  if (authorization.startsWith(ACS3_ALGORITHM + ' ')) return readSignatureAcs3(req, params, ctx.digests);
  // Another V3 algorithm (ACS3-HMAC-SM3, ACS3-RSA-SHA256): real, but not one the simulator speaks.
  if (authorization.startsWith('ACS3-')) throw new AliyunError('InvalidSignatureMethod');
  return readSignatureV1(req, params, ctx.digests);
}

/**
 * Without checking, the key still chooses the account when it is known; an unknown or missing
 * key falls back to the first account with Alibaba credentials, so ad-hoc clients see a fleet.
 */
function lenientCaller(req: SimRequest, params: RpcParams, ctx: EngineContext): Caller {
  const keyId = params.all.get('AccessKeyId') ?? credentialOf(req.headers['authorization']);
  const known = keyId ? ctx.fleet.credentials.lookup('aliyun-access-key', keyId) : undefined;
  if (known) return { account: known.account, key: known.material };
  const fallback = ctx.fleet.accounts().find((account) => account.aliyun);
  if (!fallback) throw new AliyunError('InvalidAccessKeyId.NotFound');
  return { account: fallback };
}

/** The SignedHeaders list of an ACS3 Authorization (names only), for the journal. */
function signedHeadersOf(authorization: string | undefined): string | undefined {
  return authorization ? /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1] : undefined;
}

function credentialOf(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^,\s]+)/.exec(authorization)?.[1] : undefined;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;

/** `yyyy-MM-ddTHH:mm:ssZ` (UTC; fractional seconds tolerated) to epoch ms, or undefined. */
export function parseTimestamp(text: string): number | undefined {
  // Clients under load send the same second's timestamp many times over.
  if (text === lastTimestamp.text) return lastTimestamp.ms;
  const ms = readTimestamp(text);
  lastTimestamp = { text, ms };
  return ms;
}

let lastTimestamp: { text: string; ms: number | undefined } = { text: '', ms: undefined };

function readTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March; a real calendar date survives the round trip.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return ms;
}
