import { CardNotFound, DomainError, IllegalTransition, PlanNotEligible } from '../../src/fleet/errors.js';
import type { ProductCode } from './products.js';
import { InjectedFault } from '../../src/engine/trace.js';

/** What a message template may quote. */
export interface ErrorDetail {
  /** The parameter at fault (MissingParameter, InvalidParameter). */
  readonly name?: string;
  /** The server's string-to-sign (SignatureDoesNotMatch, IncompleteSignature). */
  readonly stringToSign?: string;
}

interface CatalogueEntry {
  readonly status: number;
  /**
   * 'gateway' errors come from Alibaba's API gateway and look the same for every product;
   * 'business' errors come from the product behind it, in that product's envelope.
   */
  readonly origin: 'gateway' | 'business';
  readonly message: (detail: ErrorDetail) => string;
}

/**
 * Alibaba's error catalogue as the simulator answers it: code → HTTP status → message, each code
 * once. Texts are the real gateway's where they were ever seen (aliyun-api.md §3.6); the rest are
 * marked in docs/fidelity.md.
 */
const CATALOGUE = {
  MissingParameter: {
    status: 400,
    origin: 'gateway',
    message: (d) => `The input parameter "${d.name ?? ''}" that is mandatory for processing this request is not supplied.`,
  },
  InvalidParameter: {
    status: 400,
    origin: 'gateway',
    message: (d) => `Specified parameter ${d.name ?? ''} is not valid.`,
  },
  // No Alibaba page names the RPC gateway's answer to an oversized body; ours (docs/fidelity.md).
  RequestEntityTooLarge: {
    status: 413,
    origin: 'gateway',
    message: () => 'The request body is too large (over 12 MB).',
  },
  'InvalidParameter.Format': {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified parameter format is not valid.',
  },
  'InvalidAccessKeyId.NotFound': {
    status: 404,
    origin: 'gateway',
    message: () => 'Specified access key is not found.',
  },
  'InvalidAccessKeyId.Inactive': {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified access key is disabled.',
  },
  'InvalidTimeStamp.Format': {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified time stamp or date value is not well formatted.',
  },
  'InvalidTimeStamp.Expired': {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified time stamp or date value is expired.',
  },
  SignatureNonceUsed: {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified signature nonce was used already.',
  },
  SignatureDoesNotMatch: {
    status: 400,
    origin: 'gateway',
    // No space after "is:" — the real text, which clients sometimes parse.
    message: (d) => `Specified signature is not matched with our calculation. server string to sign is:${d.stringToSign ?? ''}`,
  },
  IncompleteSignature: {
    status: 400,
    origin: 'gateway',
    message: (d) => `The request signature does not conform to Aliyun standards. server string to sign is: ${d.stringToSign ?? ''}`,
  },
  InvalidSignatureMethod: {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified signature method is not valid.',
  },
  'InvalidAction.NotFound': {
    status: 404,
    origin: 'gateway',
    message: () => 'Specified api is not found, please check your url and method.',
  },
  InvalidVersion: {
    status: 400,
    origin: 'gateway',
    message: () => 'Specified parameter Version is not valid.',
  },
  /** More than settings.aliyunRequestsPerSecond calls to one API by one account in a second. */
  'Throttling.User': {
    status: 400,
    origin: 'gateway',
    message: () => 'Request was denied due to user flow control.',
  },
  /** The product is down (settings.aliyunUnavailableProducts). */
  ServiceUnavailable: {
    status: 503,
    origin: 'gateway',
    message: () => 'The request has failed due to a temporary failure of the server.',
  },
  /** linkcard: a RAM user's key without permission for the action (403, as ECS answers it). */
  'Forbidden.RAM': {
    status: 403,
    origin: 'gateway',
    message: () => "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
  },
  InternalError: {
    status: 500,
    origin: 'gateway',
    message: () => 'The request processing has failed due to some unknown error, exception or failure.',
  },
  /** linkcard: no card with that ICCID in the caller's account. */
  'InvalidIccid.NotFound': {
    status: 400,
    origin: 'business',
    message: () => 'The specified Iccid does not exist.',
  },
  /**
   * linkcard: the card's state does not allow the operation (stop a card not in use, resume one
   * not self- or quota-stopped, …). The real code is undocumented (docs/fidelity.md).
   */
  InvalidCardStatus: {
    status: 400,
    origin: 'business',
    message: () => 'The current status of the card does not support this operation.',
  },
  /** linkcard: the card's plan does not offer the operation (stop rules, forced activation). */
  InvalidCardPlan: {
    status: 400,
    origin: 'business',
    message: () => 'The data plan of the card does not support this operation.',
  },
  /** linkcard GetOperateResult: no operation with that SerialNo in the caller's account. */
  'InvalidSerialNo.NotFound': {
    status: 400,
    origin: 'business',
    message: () => 'The specified SerialNo does not exist.',
  },
  /** linkcard directional traffic: no group with that GroupId in the caller's account. */
  'InvalidGroupId.NotFound': {
    status: 400,
    origin: 'business',
    message: () => 'The specified GroupId does not exist.',
  },
  /** linkcard AddDirectionalGroup: the account already has a group of that name. */
  'GroupName.Duplicate': {
    status: 400,
    origin: 'business',
    message: () => 'The specified GroupName already exists.',
  },
  // Dyiotapi's isv.* codes: the six of the QueryCardFlowInfo page (vendor-docs/000) carry the
  // page's HTTP status and message byte for byte, typos and the U+2019 apostrophe included.
  // The gateway answers them with these statuses unless settings.dyiotapiBusinessErrorStatus
  // names one status for all (200: what public clients of the live service expect).
  /** Dyiotapi: OwnerId is not the uid of the account the AccessKey belongs to (卡资源归属无效). */
  'isv.RES_OWNER_ID_UNKNOWN': {
    status: 400,
    origin: 'business',
    message: () => 'Can\u2019t found of the card owner.',
  },
  /** Dyiotapi: the account has not opened the product (未开通物联卡产品). */
  'isv.PRODUCT_UN_SUBSCRIPT': {
    status: 400,
    origin: 'business',
    message: () => 'The Product need to order,before invoke the API.',
  },
  /** Dyiotapi: a RAM user's key without permission for the action (当前调用者无权对该卡发起请求). */
  'isv.RAM_PERMISSION_DENY': {
    status: 400,
    origin: 'business',
    message: () => 'The invoker is permission invoke the API for the card.',
  },
  /** Dyiotapi: the card's subscriber data cannot be read (卡对应的用户资料异常): a cancelled card's plans are gone. */
  'isv.QUERY_ASSETS_ERROR': {
    status: 400,
    origin: 'business',
    message: () => 'Query user infomation of the card response is error.',
  },
  /** Dyiotapi: system error (系统异常), e.g. the carrier's platform behind the card is down (settings.aliyunCarrierOutages). 404 as published. */
  'isv.SYSTEM_ERROR': {
    status: 404,
    origin: 'business',
    message: () => 'System error.',
  },
  /**
   * Dyiotapi: the card's state does not allow the operation. Not on the page: code, status (400,
   * as the page's other business rules) and message are ours (docs/fidelity.md).
   */
  'isv.IOT_CARD_STATUS_ERROR': {
    status: 400,
    origin: 'business',
    message: () => 'The current status of the card does not support this operation.',
  },
  /** Dyiotapi: no such card in the caller's account (IccId对应的卡资源不存在). */
  'isv.IOT_RES_NOT_EXIST': {
    status: 400,
    origin: 'business',
    message: () => 'Can\u2019t found the card by the iccid number.',
  },
} satisfies Record<string, CatalogueEntry>;

export type AliyunErrorCode = keyof typeof CATALOGUE;

export function isAliyunErrorCode(code: string): code is AliyunErrorCode {
  return Object.hasOwn(CATALOGUE, code);
}

export class AliyunError extends Error {
  readonly status: number;
  readonly origin: 'gateway' | 'business';

  constructor(
    readonly code: AliyunErrorCode,
    readonly detail: ErrorDetail = {},
  ) {
    const entry: CatalogueEntry = CATALOGUE[code];
    super(entry.message(detail));
    this.name = 'AliyunError';
    this.status = entry.status;
    this.origin = entry.origin;
  }
}

const CARD_NOT_FOUND: Record<ProductCode, AliyunErrorCode> = {
  linkcard: 'InvalidIccid.NotFound',
  dyiotapi: 'isv.IOT_RES_NOT_EXIST',
};

const WRONG_STATE: Record<ProductCode, AliyunErrorCode> = {
  linkcard: 'InvalidCardStatus',
  dyiotapi: 'isv.IOT_CARD_STATUS_ERROR',
};

const WRONG_PLAN: Record<ProductCode, AliyunErrorCode> = {
  linkcard: 'InvalidCardPlan',
  dyiotapi: 'isv.IOT_CARD_STATUS_ERROR',
};

/** The product's own error for a vendor-neutral fleet error, or undefined when it has none. */
export function fromDomainError(err: unknown, product: ProductCode): AliyunError | undefined {
  // A fault rule's vendor error (its code was checked against this catalogue when the rule was added).
  if (err instanceof InjectedFault && err.effect.kind === 'error' && isAliyunErrorCode(err.effect.code))
    return new AliyunError(err.effect.code);
  if (!(err instanceof DomainError)) return undefined;
  if (err instanceof CardNotFound) return new AliyunError(CARD_NOT_FOUND[product]);
  if (err instanceof IllegalTransition) return new AliyunError(WRONG_STATE[product]);
  if (err instanceof PlanNotEligible) return new AliyunError(WRONG_PLAN[product]);
  return undefined;
}
