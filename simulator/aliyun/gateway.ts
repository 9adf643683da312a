import type { EngineContext, SimulatorSettings } from '../../src/engine/context.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import type { SimResponse } from '../../src/engine/simResponse.js';
import { RequestTrace } from '../../src/engine/trace.js';
import type { RpcAction } from './action.js';
import { checkParameters, collectParameters, undeclaredParameters } from './actionParams.js';
import { authenticate } from './authenticate.js';
import { checkDyiotapiCall } from './dyiot/preconditions.js';
import { errorResponse, successResponse, withHeader, type ResponseFormat } from './envelope.js';
import { checkEntitlements } from './entitlements.js';
import { AliyunError, fromDomainError } from './errors.js';
import { PRODUCTS_BY_VERSION, type Product } from './products.js';
import { parseRpcParams, type RpcParams } from './rpcParams.js';
import { checkThrottle } from './throttle.js';

/** Set in 'warn' auth mode on requests strict mode would have refused: `<Code>: <Message>`. */
export const AUTH_WARNING_HEADER = 'x-iotcard-sim-auth-warning';

/**
 * The Alibaba RPC gateway: parse → route (Version, Action) → authenticate → validate against the
 * contract → act → serialise, with every failure answered in the vendor's shape. Routing comes
 * before authentication, as on the real gateway, which must know the API to know its rules.
 */
export function handleRpc(req: SimRequest, ctx: EngineContext, trace: RequestTrace = new RequestTrace()): SimResponse {
  const requestId = ctx.requestIds.nextUuid();
  let product: Product | undefined;
  let action: RpcAction | undefined;
  let format: ResponseFormat = 'JSON';
  let warning: AliyunError | undefined;
  let response: SimResponse;
  try {
    const params = parseRpcParams(req);
    format = formatOf(params);
    product = productOf(req, params);
    action = actionOf(product, req, params);
    trace.action = action.name;
    // Read before authenticating, so the journal knows what a refused or faulted call asked for.
    const values = collectParameters(action.parameters, params.all);
    trace.params = values;
    trace.unknownParams = undeclaredParameters(action.parameters, params.all);
    const caller = authenticate(req, params, ctx, trace);
    warning = caller.warning;
    trace.reached(caller.account.id, action.name);
    checkThrottle(ctx, caller.account.id, `${product.code}:${action.name}`);
    checkEntitlements(ctx, product, action.name, caller);
    checkParameters(action.contract, action.name, action.parameters, values, ctx);
    if (product.code === 'dyiotapi') checkDyiotapiCall(ctx, caller.account, action.name, values);
    const result = action.run({ ctx, account: caller.account, params: values });
    trace.total = listingTotal(result);
    response = successResponse(product, requestId, result, action.name, format);
  } catch (err) {
    const error = err instanceof AliyunError ? err : product ? fromDomainError(err, product.code) : undefined;
    // Anything unmapped is a simulator bug: the engine logs it and answers InternalError.
    if (!error) throw err;
    trace.errorCode = error.code;
    trace.errorMessage = error.message;
    const status = statusOf(error, product, ctx.settings.dyiotapiBusinessErrorStatus);
    response = errorResponse(error, requestId, req, product, status, format, action?.name);
  }
  return warning ? withHeader(response, AUTH_WARNING_HEADER, `${warning.code}: ${warning.message}`) : response;
}

/** Dyiotapi's business errors take one status for all when the setting names one, else the catalogue's (the published one). */
function statusOf(
  error: AliyunError,
  product: Product | undefined,
  dyiotapiStatus: SimulatorSettings['dyiotapiBusinessErrorStatus'],
): number {
  if (error.origin !== 'business' || product?.code !== 'dyiotapi' || dyiotapiStatus === 'published') return error.status;
  return dyiotapiStatus;
}

/** A listing's `Total` (linkcard) or `TotalCount`, for the journal; undefined for anything else. */
function listingTotal(result: unknown): number | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { Total, TotalCount } = result as { Total?: unknown; TotalCount?: unknown };
  return typeof Total === 'number' ? Total : typeof TotalCount === 'number' ? TotalCount : undefined;
}

/**
 * Format=XML or JSON, in any case. Absent means JSON: ACS3 clients send no Format and read JSON
 * (Dyiotapi's old documentation says XML by default; docs/fidelity.md).
 */
function formatOf(params: RpcParams): ResponseFormat {
  const format = params.all.get('Format');
  if (format === undefined) return 'JSON';
  const upper = format.toUpperCase();
  if (upper !== 'JSON' && upper !== 'XML') throw new AliyunError('InvalidParameter.Format');
  return upper;
}

function productOf(req: SimRequest, params: RpcParams): Product {
  const version = params.all.get('Version') || req.headers['x-acs-version'];
  if (!version) throw new AliyunError('MissingParameter', { name: 'Version' });
  const product = PRODUCTS_BY_VERSION.get(version);
  if (!product) throw new AliyunError('InvalidVersion');
  return product;
}

function actionOf(product: Product, req: SimRequest, params: RpcParams): RpcAction {
  const name = params.all.get('Action') || req.headers['x-acs-action'];
  if (!name) throw new AliyunError('MissingParameter', { name: 'Action' });
  const action = product.actions.get(name);
  if (!action) throw new AliyunError('InvalidAction.NotFound');
  return action;
}
