import type { EngineContext } from '../../src/engine/context.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import { serialiseJson } from '../../src/engine/rawJson.js';
import { jsonResponse, type SimResponse } from '../../src/engine/simResponse.js';
import { parseUrlEncoded } from '../../src/engine/urlEncoding.js';
import { RequestTrace } from '../../src/engine/trace.js';
import { authenticate } from './authenticate.js';
import { gslContract } from './contract.js';
import { fromDomainError, HuaweiError, parameterError } from './errors.js';
import { GSL_ACTIONS } from './gsl/actions.js';
import { matchRoute } from './routes.js';
import { checkThrottle } from './throttle.js';
import { declaredQueryParameters } from './undeclaredParameters.js';

/**
 * The Huawei API gateway in front of GSL: route → authenticate → validate → act → serialise.
 * Every answer, success or failure, is JSON with an X-Request-Id header (the SDK's requestId).
 */
export function handleGslRequest(req: SimRequest, ctx: EngineContext, trace: RequestTrace = new RequestTrace()): SimResponse {
  const requestId = ctx.requestIds.nextHex();
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  try {
    const match = matchRoute(req.method, req.path);
    if (!match) throw new HuaweiError('APIGW.0101');
    const { operationId } = match.route;
    trace.action = operationId;
    // Read before authenticating, so the journal knows what a refused or faulted call asked for.
    const query = queryParameters(req.rawQuery);
    const params: Record<string, unknown> = { ...declaredOnly(operationId, query, trace), ...match.pathParams };
    // The card a POST acts on is often in its body (stop and reset take {"iccid"} on card id 0).
    trace.params =
      req.body.length > 0 && gslContract.operation(operationId).operation.requestBody ? { ...params, ...bodyFields(req.body) } : params;

    const principal = authenticate(req, ctx, trace);
    if (principal.warning) headers['X-Sim-Auth-Warning'] = headerSafe(`${principal.warning.code} ${principal.warning.message}`);
    trace.reached(principal.account.id, operationId);

    checkThrottle(ctx, principal.account.id, operationId);
    // GSL is a project-level service: a domain-scoped token passes the gateway, but GSL finds no
    // project in it to act for.
    if (principal.domainScopedToken) throw new HuaweiError('GSL.00010001');

    const action = GSL_ACTIONS[operationId];
    if (!action) {
      // Published by the real gateway but not emulated yet: say so without leaving the vendor's vocabulary.
      headers['X-Sim-Not-Emulated'] = operationId;
      throw new HuaweiError('APIGW.0101');
    }

    const issue = gslContract.checkParameters(operationId, ['query', 'path'], params);
    if (issue) throw parameterError(operationId, issue.message);

    const body = requestBody(operationId, req.body);

    const result = action({ ctx, account: principal.account, params: params as never, body: body as never });
    // A listing's count, for the journal (whether a client walked every page).
    const count = (result as { count?: unknown } | undefined)?.count;
    if (typeof count === 'number') trace.total = count;
    // Cards may come pre-serialised (views/simDeviceVOCache.ts): spliced in as bytes.
    return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: serialiseJson(result) };
  } catch (err) {
    const known = fromDomainError(err);
    if (!known) throw err; // the engine turns it into internalError and logs it
    trace.errorCode = known.code;
    if (known.detail !== undefined) {
      // The published error_msg is generic (参数异常); what exactly was wrong goes beside it.
      trace.errorDetail = known.detail;
      headers['X-Sim-Error-Detail'] = headerSafe(known.detail);
    }
    trace.errorMessage = known.message;
    return errorResponse(known, requestId, headers);
  }
}

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

export function errorResponse(error: HuaweiError, requestId: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(error.status, error.body(requestId), { ...headers, 'X-Request-Id': requestId });
}

/**
 * The JSON body of an operation that takes one, validated (and coerced) against the contract; an
 * empty body reads as `{}`, so a missing required field is named. Operations without a body in
 * the contract ignore whatever was sent, as GSL's Java backend does.
 */
function requestBody(operationId: string, bytes: Uint8Array): unknown {
  if (!gslContract.operation(operationId).operation.requestBody) return undefined;
  let body: unknown = {};
  if (bytes.length > 0) {
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw parameterError(operationId, 'the request body is not valid JSON');
    }
  }
  const issue = gslContract.checkBody(operationId, body);
  // Too many ICCIDs in a batch has its own code; too many ids is a plain parameter error.
  if (issue?.name === 'iccids' && issue.keyword === 'maxItems') throw new HuaweiError('GSL.00011010');
  if (issue) throw parameterError(operationId, issue.message);
  return body;
}

/**
 * Query parameters by name; a repeated name (tag_id=1&tag_id=2) becomes an array. GSL binds
 * parameters as a Java web backend does: '+' reads as a space, and a blank value (`limit=`) is
 * an absent parameter, not an invalid one.
 */
function queryParameters(rawQuery: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of parseUrlEncoded(rawQuery, true)) {
    if (value === '') continue;
    const before = Object.hasOwn(out, name) ? out[name] : undefined;
    out[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return out;
}

/**
 * The body's top-level values that are text, numbers, booleans or lists of them, read leniently
 * for the journal only (the action gets the body validated against the contract, later).
 */
function bodyFields(bytes: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) out[name] = value;
  }
  return out;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The query parameters the operation declares; the others are ignored by the gateway, and their
 * names (never their values) go to the journal as unknown. Declared values are what the contract
 * validates, so dropping the rest changes no answer.
 */
function declaredOnly(
  operationId: string,
  query: Record<string, string | string[]>,
  trace: RequestTrace,
): Record<string, string | string[]> {
  const names = declaredQueryParameters(operationId);
  let unknown: string[] | undefined;
  for (const name in query) {
    if (names.has(name)) continue;
    (unknown ??= []).push(name);
    delete query[name];
  }
  if (unknown) trace.unknownParams = unknown;
  return query;
}

/** A message may quote what the client sent (its X-Sdk-Date, a parameter's value); a header carries printable ASCII only. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
