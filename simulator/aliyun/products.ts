import { rpcAction, type RpcAction, Enveloped } from './action.js';
import { dyiotapiContract, linkcardContract } from './contracts.js';
import { queryCardInfo, queryCardsInfo, queryCardStatus, queryIotCardOfferDtl, queryPersonalInfo } from './dyiot/cardQueries.js';
import { doIotUnbindResume, doIotUserStopResume } from './dyiot/cardSwitches.js';
import { doIotChgBindOrUnBind, doIotIsImeiExist, doIotPostImei } from './dyiot/devices.js';
import { queryCardHistoryFlowInfo } from './dyiot/history.js';
import { queryCardFlowInfo } from './dyiot/queryCardFlowInfo.js';
import { doIotRecharge } from './dyiot/recharge.js';
import { doIotSetAbsoluteRemindConfig, doIotSetRemindConfig } from './dyiot/reminders.js';
import { doSendIotSms } from './dyiot/sms.js';
import type { AliyunError } from './errors.js';
import { addTagsToCard } from './linkcard/addTagsToCard.js';
import { getCardFlowInfo, getCardLatestFlow } from './linkcard/cardFlow.js';
import { forceActivation, setCardStopRule, updateAutoRechargeSwitch, verifyIotCard } from './linkcard/cardSettings.js';
import { getCardRealStatus, getRealNameStatus } from './linkcard/cardStatus.js';
import {
  addCardToDirectionalGroup,
  addDirectionalAddress,
  addDirectionalCard,
  addDirectionalGroup,
  batchAddDirectionalAddress,
  deleteDirectionalAddress,
  deleteDirectionalGroup,
  listDirectionalAddress,
  listDirectionalDetail,
} from './linkcard/directional.js';
import { getCardDetail } from './linkcard/getCardDetail.js';
import { listCardInfo } from './linkcard/listCardInfo.js';
import { listOrder } from './linkcard/listOrder.js';
import { getCredentialPoolStatistics } from './linkcard/poolStatistics.js';
import { getOperateResult, renew } from './linkcard/renew.js';
import { sendMessage } from './linkcard/sendMessage.js';
import { getCardStatusStatistics, getSimCardStateDistribution } from './linkcard/statistics.js';
import { rebindResumeSingleCard, resumeSingleCard, stopSingleCard } from './linkcard/stopResume.js';

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
  /**
   * Whether gateway failures (parameters, signature, flow control) take the product's failure
   * body too: linkcard documents Success, ErrorMessage and LocalizedMessage for every failed call.
   */
  readonly failureFieldsOnEveryError: boolean;
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
    rpcAction(linkcardContract, 'GetCardLatestFlow', getCardLatestFlow),
    rpcAction(linkcardContract, 'GetCardFlowInfo', getCardFlowInfo),
    rpcAction(linkcardContract, 'GetCardRealStatus', getCardRealStatus),
    rpcAction(linkcardContract, 'GetRealNameStatus', getRealNameStatus),
    rpcAction(linkcardContract, 'StopSingleCard', stopSingleCard),
    rpcAction(linkcardContract, 'ResumeSingleCard', resumeSingleCard),
    rpcAction(linkcardContract, 'RebindResumeSingleCard', rebindResumeSingleCard),
    rpcAction(linkcardContract, 'ForceActivation', forceActivation),
    rpcAction(linkcardContract, 'SetCardStopRule', setCardStopRule),
    rpcAction(linkcardContract, 'UpdateAutoRechargeSwitch', updateAutoRechargeSwitch),
    rpcAction(linkcardContract, 'VerifyIotCard', verifyIotCard),
    rpcAction(linkcardContract, 'AddTagsToCard', addTagsToCard),
    rpcAction(linkcardContract, 'GetSimCardStateDistribution', getSimCardStateDistribution),
    rpcAction(linkcardContract, 'GetCardStatusStatistics', getCardStatusStatistics),
    rpcAction(linkcardContract, 'ListOrder', listOrder),
    rpcAction(linkcardContract, 'Renew', renew),
    rpcAction(linkcardContract, 'GetOperateResult', getOperateResult),
    rpcAction(linkcardContract, 'SendMessage', sendMessage),
    rpcAction(linkcardContract, 'GetCredentialPoolStatistics', getCredentialPoolStatistics),
    rpcAction(linkcardContract, 'AddDirectionalGroup', addDirectionalGroup),
    rpcAction(linkcardContract, 'DeleteDirectionalGroup', deleteDirectionalGroup),
    rpcAction(linkcardContract, 'AddDirectionalAddress', addDirectionalAddress),
    rpcAction(linkcardContract, 'BatchAddDirectionalAddress', batchAddDirectionalAddress),
    rpcAction(linkcardContract, 'DeleteDirectionalAddress', deleteDirectionalAddress),
    rpcAction(linkcardContract, 'ListDirectionalAddress', listDirectionalAddress),
    rpcAction(linkcardContract, 'ListDirectionalDetail', listDirectionalDetail),
    rpcAction(linkcardContract, 'AddDirectionalCard', addDirectionalCard),
    rpcAction(linkcardContract, 'AddCardToDirectionalGroup', addCardToDirectionalGroup),
  ]),
  success: (requestId, result) =>
    result instanceof Enveloped
      ? { RequestId: requestId, Code: '200', Success: true, Data: result.result, ...result.fields }
      : { RequestId: requestId, Code: '200', Success: true, Data: result },
  // The envelope reserves Success/ErrorMessage/LocalizedMessage for failures; fill them too.
  businessError: (body, error) => ({ ...body, Success: false, ErrorMessage: error.message, LocalizedMessage: error.message }),
  // ListCardInfo's page: ErrorMessage "调用失败时,返回的错误信息", Success "false:调用失败".
  failureFieldsOnEveryError: true,
};

/** Dyiotapi 2017-11-11: `{RequestId, Code:"OK", Message:"OK", …fields}` (aliyun-api.md §2). */
const dyiotapi: Product = {
  code: 'dyiotapi',
  name: 'Dyiotapi',
  version: '2017-11-11',
  host: 'dyiotapi.aliyuncs.com',
  actions: actionTable([
    rpcAction(dyiotapiContract, 'QueryCardFlowInfo', queryCardFlowInfo),
    rpcAction(dyiotapiContract, 'QueryCardInfo', queryCardInfo),
    rpcAction(dyiotapiContract, 'QueryCardsInfo', queryCardsInfo),
    rpcAction(dyiotapiContract, 'QueryCardStatus', queryCardStatus),
    rpcAction(dyiotapiContract, 'QueryIotCardOfferDtl', queryIotCardOfferDtl),
    rpcAction(dyiotapiContract, 'QueryPersonalInfo', queryPersonalInfo),
    rpcAction(dyiotapiContract, 'DoIotUserStopResume', doIotUserStopResume),
    rpcAction(dyiotapiContract, 'DoIotUnbindResume', doIotUnbindResume),
    rpcAction(dyiotapiContract, 'QueryCardHistoryFlowInfo', queryCardHistoryFlowInfo),
    rpcAction(dyiotapiContract, 'DoIotChgBindOrUnBind', doIotChgBindOrUnBind),
    rpcAction(dyiotapiContract, 'DoIotIsImeiExist', doIotIsImeiExist),
    rpcAction(dyiotapiContract, 'DoIotPostImei', doIotPostImei),
    rpcAction(dyiotapiContract, 'DoIotSetRemindConfig', doIotSetRemindConfig),
    rpcAction(dyiotapiContract, 'DoIotSetAbsoluteRemindConfig', doIotSetAbsoluteRemindConfig),
    rpcAction(dyiotapiContract, 'DoSendIotSms', doSendIotSms),
    rpcAction(dyiotapiContract, 'DoIotRecharge', doIotRecharge),
  ]),
  success: (requestId, result) => ({ RequestId: requestId, Code: 'OK', Message: 'OK', ...(result as object) }),
  // Business failures come back as an ordinary response body with the error Code.
  businessError: (body) => ({ RequestId: body.RequestId, Code: body.Code, Message: body.Message }),
  failureFieldsOnEveryError: false,
};

export const PRODUCTS_BY_VERSION: ReadonlyMap<string, Product> = new Map([linkcard, dyiotapi].map((p) => [p.version, p]));
