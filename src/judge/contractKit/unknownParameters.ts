import { undeclaredParameters } from '../../../simulator/aliyun/actionParams.js';
import { PRODUCTS_BY_VERSION } from '../../../simulator/aliyun/products.js';
import { parseRpcParams } from '../../../simulator/aliyun/rpcParams.js';
import { gslContract } from '../../../simulator/huawei/contract.js';
import { matchRoute } from '../../../simulator/huawei/routes.js';
import type { SimRequest } from '../../engine/simRequest.js';
import { parseUrlEncoded } from '../../engine/urlEncoding.js';


/**
 * Parameters a request carries that its operation does not declare. The gateways ignore them, as
 * the vendors' do, so only the kit can tell a client it sends what nobody reads (a typo in a
 * parameter name is the usual cause). GSL is checked on its query string.
 */
export function unknownParameters(req: SimRequest): string[] {
  const gsl = matchRoute(req.method, req.path);
  return gsl ? unknownGslQueryParameters(req, gsl.route.operationId) : unknownAliyunParameters(req);
}

function unknownGslQueryParameters(req: SimRequest, operationId: string): string[] {
  const declared = new Set((gslContract.operation(operationId).operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  return parseUrlEncoded(req.rawQuery, false)
    .map(([name]) => name)
    .filter((name) => !declared.has(name));
}

function unknownAliyunParameters(req: SimRequest): string[] {
  const { all } = parseRpcParams(req);
  const action = all.get('Action') ?? req.headers['x-acs-action'];
  const version = all.get('Version') ?? req.headers['x-acs-version'];
  const declared = version && action ? PRODUCTS_BY_VERSION.get(version)?.actions.get(action)?.parameters : undefined;
  return declared ? (undeclaredParameters(declared, all) ?? []) : [];
}
