import { rpcAction, type RpcAction } from './action.js';
import { dyiotapiContract, linkcardContract } from './contracts.js';
import { queryCardFlowInfo } from './dyiot/queryCardFlowInfo.js';
import type { AliyunError } from './errors.js';
import { getCardDetail } from './linkcard/getCardDetail.js';
import { listCardInfo } from './linkcard/listCardInfo.js';

export type ProductCode = 'linkcard' | 'dyiotapi';

/** The gateway's part of every error body (aliyun-api.md §3.5). */
export interface ErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

/** An Alibaba product as the RPC gateway routes to it: by Version, then by Action. */
export interface Product {
  readonly code: ProductCode;
  /** The product name in Alibaba's troubleshooting links. */
  readonly name: string;
  readonly version: string;
  /** The endpoint host, which error bodies quote as HostId. */
  readonly host: string;
  readonly actions: ReadonlyMap<string, RpcAction>;
  /** Wraps an action's result in the product's success envelope. */
  success(requestId: string, result: unknown): object;
  /** The body of a failure the product itself reports (not the gateway). */
  businessError(body: ErrorBody, error: AliyunError): object;
}

function actionTable(actions: RpcAction[]): ReadonlyMap<string, RpcAction> {
  return new Map(actions.map((action) => [action.name, action]));
}

/** linkcard 2021-05-20: `{RequestId, Code:"200", Success:true, Data}` (aliyun-api.md §1.3). */
const linkcard: Product = {
  code: 'linkcard',
  name: 'Linkcard',
  version: '2021-05-20',
  host: 'linkcard.aliyuncs.com',
  actions: actionTable([
    rpcAction(linkcardContract, 'ListCardInfo', listCardInfo),
    rpcAction(linkcardContract, 'GetCardDetail', getCardDetail),
  ]),
  success: (requestId, result) => ({ RequestId: requestId, Code: '200', Success: true, Data: result }),
  // The envelope reserves Success/ErrorMessage/LocalizedMessage for failures; fill them too.
  businessError: (body, error) => ({ ...body, Success: false, ErrorMessage: error.message, LocalizedMessage: error.message }),
};

/** Dyiotapi 2017-11-11: `{RequestId, Code:"OK", Message:"OK", …fields}` (aliyun-api.md §2). */
const dyiotapi: Product = {
  code: 'dyiotapi',
  name: 'Dyiotapi',
  version: '2017-11-11',
  host: 'dyiotapi.aliyuncs.com',
  actions: actionTable([rpcAction(dyiotapiContract, 'QueryCardFlowInfo', queryCardFlowInfo)]),
  success: (requestId, result) => ({ RequestId: requestId, Code: 'OK', Message: 'OK', ...(result as object) }),
  // Business failures come back as an ordinary response body with the error Code.
  businessError: (body) => ({ RequestId: body.RequestId, Code: body.Code, Message: body.Message }),
};

export const PRODUCTS_BY_VERSION: ReadonlyMap<string, Product> = new Map([linkcard, dyiotapi].map((p) => [p.version, p]));
