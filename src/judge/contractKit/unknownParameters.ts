import { undeclaredRpcParameters } from '../../../simulator/aliyun/index.js';
import { undeclaredQueryParameters } from '../../../simulator/huawei/index.js';
import type { SimRequest } from '../../engine/simRequest.js';

/**
 * Parameters a request carries that its operation does not declare. The gateways ignore them, as
 * the vendors' do, so only the kit can tell a client it sends what nobody reads (a typo in a
 * parameter name is the usual cause). GSL is checked on its query string.
 */
export function unknownParameters(req: SimRequest): string[] {
  return undeclaredQueryParameters(req) ?? undeclaredRpcParameters(req);
}
