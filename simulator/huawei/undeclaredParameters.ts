import type { SimRequest } from '../../src/engine/simRequest.js';
import { parseUrlEncoded } from '../../src/engine/urlEncoding.js';
import { gslContract } from './contract.js';
import { matchRoute } from './routes.js';

/**
 * The query parameter names a request sends that its GSL operation does not declare, in the order
 * sent; undefined when the request addresses no GSL operation. The gateway ignores them (as GSL's
 * does), so only the journal or a judge can tell a client it sends what nobody reads.
 */
export function undeclaredQueryParameters(req: SimRequest): string[] | undefined {
  const match = matchRoute(req.method, req.path);
  if (!match) return undefined;
  const parameters = gslContract.operation(match.route.operationId).operation.parameters ?? [];
  const declared = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  return parseUrlEncoded(req.rawQuery, false)
    .map(([name]) => name)
    .filter((name) => !declared.has(name));
}
