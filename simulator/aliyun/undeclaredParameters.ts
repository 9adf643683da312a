import type { SimRequest } from '../../src/engine/simRequest.js';
import { undeclaredParameters } from './actionParams.js';
import { PRODUCTS_BY_VERSION } from './products.js';
import { parseRpcParams } from './rpcParams.js';

/**
 * The parameter names an Alibaba RPC request sends that are neither common nor declared by its
 * action (query and form body alike; ACS3 names its action in headers). Empty when the product or
 * action is unknown: the gateway refuses those before parameters matter.
 */
export function undeclaredRpcParameters(req: SimRequest): string[] {
  const { all } = parseRpcParams(req);
  const action = all.get('Action') ?? req.headers['x-acs-action'];
  const version = all.get('Version') ?? req.headers['x-acs-version'];
  const declared = version && action ? PRODUCTS_BY_VERSION.get(version)?.actions.get(action)?.parameters : undefined;
  return declared ? (undeclaredParameters(declared, all) ?? []) : [];
}
