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
  const declared = declaredQueryParameters(match.route.operationId);
  return parseUrlEncoded(req.rawQuery, false)
    .map(([name]) => name)
    .filter((name) => !declared.has(name));
}

const declaredByOperation = new Map<string, ReadonlySet<string>>();

/** The query parameter names a GSL operation declares (its contract's, shared ones included), kept per operation. */
export function declaredQueryParameters(operationId: string): ReadonlySet<string> {
  let names = declaredByOperation.get(operationId);
  if (!names) {
    names = new Set((gslContract.operation(operationId).operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    declaredByOperation.set(operationId, names);
  }
  return names;
}
