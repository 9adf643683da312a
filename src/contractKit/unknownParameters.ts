import { PRODUCTS_BY_VERSION } from '../../simulator/aliyun/products.js';
import { parseRpcParams } from '../../simulator/aliyun/rpcParams.js';
import type { SimRequest } from '../engine/simRequest.js';

/** Alibaba's common RPC parameters, which any action may carry. */
const ALIYUN_COMMON = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'RegionId',
  'SecurityToken',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
]);

/**
 * Parameters an Alibaba request carries that its action does not declare. The gateway ignores
 * them, as Alibaba's does, so only the kit can tell a client it sends what nobody reads (a typo
 * in a parameter name is the usual cause). Huawei requests are not checked.
 */
export function unknownAliyunParameters(req: SimRequest): string[] {
  const { all } = parseRpcParams(req);
  const action = all.get('Action') ?? req.headers['x-acs-action'];
  const version = all.get('Version') ?? req.headers['x-acs-version'];
  const declared = version && action ? PRODUCTS_BY_VERSION.get(version)?.actions.get(action)?.parameters : undefined;
  if (!declared) return [];
  const names = new Set(declared.map((p) => p.name));
  // Repeat-list arrays arrive as Name.1, Name.2.
  return [...all.keys()].filter((name) => !ALIYUN_COMMON.has(name) && !names.has(name.replace(/\.\d+$/, '')));
}
