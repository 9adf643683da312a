import { CardNotFound } from '../../src/fleet/errors.js';
import { InjectedFault } from '../../src/engine/trace.js';
import { gslContract } from './contract.js';

/**
 * The Huawei error catalogue: every code this surface answers, once, with its HTTP status and
 * message. APIGW.* codes come from the API gateway in front of GSL and carry a request_id in the
 * body; GSL.* codes come from GSL itself and do not. `{name}` marks a detail filled per error.
 */
export const HUAWEI_ERRORS = {
  'APIGW.0101': { status: 404, message: 'The API does not exist or has not been published in the environment.' },
  // APIGW.0201 is one code for several request errors; the simulator answers it only for a body over 12 MB.
  'APIGW.0201': { status: 413, message: 'Request entity too large (>12 MB).' },
  'APIGW.0301': { status: 401, message: 'Incorrect IAM authentication information: {reason}' },
  'APIGW.0303': { status: 401, message: 'Incorrect app authentication information: {reason}' },
  'APIGW.0308': {
    status: 429,
    message: 'The throttling threshold has been reached: policy user over ratelimit,limit:{limit},time:1 second',
  },
  'APIGW.0310': { status: 403, message: 'The project is unavailable.' },
  // The texts of the per-API pages' response examples, byte for byte (ASCII commas, full-width
  // stops, as published). Which parameter was wrong is the error's `detail`, told apart from the
  // published text (the X-Sim-Error-Detail header and the journal's errorDetail).
  'GSL.00010003': { status: 500, message: '系统繁忙,请稍后重试。' },
  'GSL.00010004': { status: 400, message: '参数异常' },
  'GSL.00010001': { status: 400, message: '请求携带的token无效。' },
  'GSL.00011001': {
    status: 400,
    message: 'The SIM card does not exist or you do not have the permission to access the SIM card.',
  },
  'GSL.00011004': { status: 403, message: '账期不合法,请检查!' },
  'GSL.00011010': { status: 400, message: 'The number of iccids exceeds the upper limit.' },
  'GSL.00011011': { status: 400, message: 'The iccid:[{iccid}] does not exist.' },
  'GSL.00011016': { status: 400, message: 'Unsupported rate limit' },
  'GSL.00011063': { status: 400, message: 'Target carrier type that does not supported.' },
  'GSL.00012002': { status: 400, message: 'The package ID is invalid. The package does not exist.' },
  // "cheak" is as published.
  'GSL.00012016': { status: 400, message: 'SIM card file does not exist, please cheak!' },
  'GSL.00015028': { status: 400, message: 'Policy does not exist.' },
  'GSL.00015032': { status: 400, message: 'The preferred carrier cannot be the same as the least preferred carrier.' },
  'GSL.00015033': {
    status: 400,
    message: 'Either the weak signal switchover policy or the connection delay switchover policy must be set.',
  },
  'GSL.00016010': { status: 403, message: '您操作的卡仍有未完成的停机受理单,请勿重复操作。' },
  'GSL.00016015': { status: 403, message: '您操作的卡仍有未完成的激活受理单,请勿重复操作。' },
  'GSL.00016016': { status: 403, message: '5分钟内不允许重复操作,请稍作等待。' },
  // BatchSetAttributes: the message is a JSON list of {fail_reason, sim_card_id}. The status is UNCONFIRMED.
  'GSL.00012031': { status: 400, message: '{failures}' },
  // BatchSetTags. The documentation prints these with nine digits (GSL.000160051 …), read as typos.
  // 00016051's English is the error-code table's; the page quotes 52-54 only in part, so their
  // English is ours (docs/fidelity.md).
  'GSL.00016051': { status: 400, message: 'The number of SIM cards list exceeds the limit (1-500), please check!' },
  'GSL.00016052': { status: 400, message: 'The number of tags must be between 0 and 10.' },
  'GSL.00016053': { status: 400, message: 'The simCardId or tagId does not exist or you do not have the permission to operate it.' },
  'GSL.00016054': { status: 400, message: 'The simCardId or tagId is repeated.' },
  // Tag and attribute management (GSL's 0002xxxx family): its own "system busy" and "parameter
  // error", and the tag errors, as the CreateTag page prints them.
  'GSL.00020003': { status: 500, message: '系统繁忙,请稍后重试。' },
  'GSL.00020004': { status: 400, message: '参数异常' },
  'GSL.00022001': { status: 400, message: '标签名称不合法,请检查!' },
  'GSL.00022002': { status: 400, message: '标签名称已存在,请重新输入!' },
  'GSL.00022003': { status: 400, message: '登录用户最多可以创建10000个标签。' },
  'GSL.00022004': { status: 400, message: '登录用户没有标签的访问权限。' },
} as const satisfies Record<string, { status: number; message: string }>;

export type HuaweiErrorCode = keyof typeof HUAWEI_ERRORS;

export function isHuaweiErrorCode(code: string): code is HuaweiErrorCode {
  return Object.hasOwn(HUAWEI_ERRORS, code);
}

export interface GatewayErrorBody {
  error_msg: string;
  error_code: string;
  request_id: string;
}

export interface GslErrorBody {
  error_code: string;
  error_msg: string;
}

export class HuaweiError extends Error {
  readonly status: number;
  /**
   * What went wrong, in the simulator's words (`details.detail`), for codes whose published text
   * says nothing specific (参数异常): never in the body, so the published text stays exact; the
   * gateway sends it as X-Sim-Error-Detail and the journal records it.
   */
  readonly detail: string | undefined;

  constructor(
    readonly code: HuaweiErrorCode,
    details: Readonly<Record<string, string>> = {},
  ) {
    const entry = HUAWEI_ERRORS[code];
    super(entry.message.replace(/\{(\w+)\}/g, (_, name: string) => details[name] ?? ''));
    this.name = 'HuaweiError';
    this.status = entry.status;
    this.detail = details['detail'];
  }

  get fromGateway(): boolean {
    return this.code.startsWith('APIGW.');
  }

  /** The body as the gateway or GSL writes it (key order as in the vendor's examples). */
  body(requestId: string): GatewayErrorBody | GslErrorBody {
    return this.fromGateway
      ? { error_msg: this.message, error_code: this.code, request_id: requestId }
      : { error_code: this.code, error_msg: this.message };
  }
}

/**
 * GSL's tag and attribute management is its own service family (GSL.0002xxxx): its parameter
 * errors are GSL.00020004 and its "system busy" GSL.00020003 (the CreateTag reference), where
 * every other operation answers GSL.00010004 and GSL.00010003. The contract says which family
 * each operation belongs to (`x-gsl-error-family`).
 */
function inTagAndAttributeFamily(operationId: string | undefined): boolean {
  return operationId !== undefined && gslContract.extension(operationId, 'x-gsl-error-family') === 'GSL.0002';
}

/** A request parameter or body field the operation does not accept, in its family's code. */
export function parameterError(operationId: string, detail: string): HuaweiError {
  return new HuaweiError(inTagAndAttributeFamily(operationId) ? 'GSL.00020004' : 'GSL.00010004', { detail });
}

/** "System busy" in the operation's family's code (GSL.00010003 when the operation is unknown). */
export function systemBusy(operationId: string | undefined): HuaweiError {
  return new HuaweiError(inTagAndAttributeFamily(operationId) ? 'GSL.00020003' : 'GSL.00010003');
}

/** The fleet's vendor-neutral errors in GSL's words; undefined for anything unexpected. */
export function fromDomainError(err: unknown): HuaweiError | undefined {
  if (err instanceof HuaweiError) return err;
  // A fault rule's vendor error (its code was checked against this catalogue when the rule was added).
  if (err instanceof InjectedFault && err.effect.kind === 'error' && isHuaweiErrorCode(err.effect.code))
    return new HuaweiError(err.effect.code);
  if (err instanceof CardNotFound) return new HuaweiError('GSL.00011001');
  return undefined;
}
