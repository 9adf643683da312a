import { safeDecode } from '../../src/engine/urlEncoding.js';
import { gslContract } from './contract.js';

/**
 * Every GSL operation the gateway publishes (huaweicloudsdkgsl 3.1.211, gsl_client.py), emulated
 * or not, as the contract lists them: the contract is the one place a method and path are written.
 * A request is routed before it is authenticated, as the real gateway must find the API before it
 * knows how the API is protected: a path it does not publish is APIGW.0101 whatever the credentials.
 */
const GSL_ROUTES = gslContract.operationIds().map((operationId) => {
  const { method, path } = gslContract.operation(operationId);
  return [method, path, operationId] as const;
});

export interface Route {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
}

export interface RouteMatch {
  readonly route: Route;
  /** Path parameters, percent-decoded. */
  readonly pathParams: Record<string, string>;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile([method, template, operationId]: readonly [string, string, string]): CompiledRoute {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { method, template, operationId, pattern: new RegExp(`^${source}$`), names };
}

// Literal templates first, so /v1/sim-cards/month-usages is never taken for a card id.
const COMPILED: readonly CompiledRoute[] = GSL_ROUTES.map(compile).sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0));

export const ROUTES: readonly Route[] = COMPILED;

/** The operation a request addresses, or undefined when the gateway publishes no such API. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, i) => (pathParams[name] = safeDecode(m[i + 1]!, false)));
    return { route, pathParams };
  }
  return undefined;
}
