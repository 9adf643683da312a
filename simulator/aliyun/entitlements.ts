import type { EngineContext } from '../../src/engine/context.js';
import type { Caller } from './authenticate.js';
import { AliyunError } from './errors.js';
import type { Product } from './products.js';

/**
 * What the caller may do before any parameter is read: the product must be up
 * (ServiceUnavailable), opened by the account, and the action allowed to the key (RAM). The
 * codes are the product's own: Dyiotapi reports isv.* business codes, linkcard the gateway's.
 */
export function checkEntitlements(ctx: EngineContext, product: Product, action: string, caller: Caller): void {
  if (ctx.settings.aliyunUnavailableProducts.includes(product.code)) throw new AliyunError('ServiceUnavailable');
  const products = caller.account.aliyun?.products;
  // linkcard has no documented "not opened" code; only Dyiotapi checks the subscription.
  if (product.code === 'dyiotapi' && products && !products.includes(product.code)) throw new AliyunError('isv.PRODUCT_UN_SUBSCRIPT');
  const allowed = caller.key?.allowedActions;
  if (allowed && !allowed.includes(action)) {
    throw new AliyunError(product.code === 'dyiotapi' ? 'isv.RAM_PERMISSION_DENY' : 'Forbidden.RAM');
  }
}
