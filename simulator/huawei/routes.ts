import { safeDecode } from '../../src/engine/urlEncoding.js';

/**
 * Every GSL operation the gateway publishes (huaweicloudsdkgsl 3.1.211, gsl_client.py), emulated
 * or not. A request is routed before it is authenticated, as the real gateway must find the API
 * before it knows how the API is protected: a path it does not publish is APIGW.0101 whatever the
 * credentials.
 */
const GSL_ROUTES: ReadonlyArray<readonly [method: string, template: string, operationId: string]> = [
  ['GET', '/v1/sim-cards', 'ListSimCards'],
  ['GET', '/v1/sim-cards/{sim_card_id}', 'ShowSimCard'],
  ['POST', '/v1/sim-cards/{sim_card_id}/stop', 'StopSimCard'],
  ['POST', '/v1/sim-cards/{sim_card_id}/reset', 'ResetSimCard'],
  ['POST', '/v1/sim-cards/{sim_card_id}/enable', 'EnableSimCard'],
  ['GET', '/v1/sim-cards/{sim_card_id}/real-named', 'ShowRealNamed'],
  ['POST', '/v1/sim-cards/{sim_card_id}/clear-real-name', 'DeleteRealName'],
  ['POST', '/v1/sim-cards/{sim_card_id}/cut-net', 'StartStopNet'],
  ['POST', '/v1/sim-cards/{sim_card_id}/exceed-cut-net', 'SetExceedCutNet'],
  ['POST', '/v1/sim-cards/{sim_card_id}/bind-device', 'RegisterImei'],
  ['POST', '/v1/sim-cards/{sim_card_id}/speed-limit', 'SetSpeedValue'],
  ['POST', '/v1/sim-cards/month-usages', 'ShowMonthUsages'],
  ['POST', '/v1/sim-cards/batch-daily-flow', 'ListSimCardFlowPerDay'],
  ['POST', '/v1/sim-cards/attributes/batch-set', 'BatchSetAttributes'],
  ['GET', '/v1/sim-cards-multiply', 'ListSimDeviceMultiply'],
  ['POST', '/v1/sim-cards-multiply/{sim_card_id}/switch-network', 'SwitchNetwork'],
  ['POST', '/v1/sim-cards/{sim_card_id}/network-switch-policy/set', 'SetNetworkSwitchPolicy'],
  ['GET', '/v1/network-switch-policies', 'ListNetworkSwitchPolicies'],
  ['POST', '/v1/network-switch-policies', 'AddNetworkSwitchPolicy'],
  ['GET', '/v1/price-plans', 'ListProPricePlans'],
  ['GET', '/v1/sim-price-plans', 'ListSimPricePlans'],
  ['POST', '/v1/sim-price-plans/usage/batch-query', 'ListFlowBySimCards'],
  ['GET', '/v1/sim-pools', 'ListSimPools'],
  ['GET', '/v1/sim-pools/{sim_pool_id}/members', 'ListSimPoolMembers'],
  ['GET', '/v1/back-pools', 'ListBackPools'],
  ['GET', '/v1/back-pools/{back_pool_id}/members', 'ListBackPoolMembers'],
  ['GET', '/v1/tags', 'ListTags'],
  ['POST', '/v1/tags', 'CreateTag'],
  ['DELETE', '/v1/tags/{tag_id}', 'DeleteTag'],
  ['POST', '/v1/sim-tags/batch-set', 'BatchSetTags'],
  ['GET', '/v1/attributes', 'ListAttributes'],
  ['POST', '/v1/attributes', 'CreateAttribute'],
  ['PUT', '/v1/attributes/{attribute_id}', 'UpdateAttribute'],
  ['POST', '/v1/attributes/{attribute_id}/enable', 'EnableAttribute'],
  ['POST', '/v1/attributes/{attribute_id}/disable', 'DisableAttribute'],
  ['POST', '/v1/sms-send-infos', 'SendSms'],
  ['GET', '/v1/sms-send-infos/details', 'ListSmsDetails'],
  ['GET', '/v1/work-orders', 'ListWorkOrders'],
  ['GET', '/v1/work-orders/{work_order_id}/details', 'ListWorkOrderDetails'],
];

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
const COMPILED: readonly CompiledRoute[] = GSL_ROUTES.map(compile).sort(
  (a, b) => Number(a.names.length > 0) - Number(b.names.length > 0),
);

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
