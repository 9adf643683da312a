import type { AliyunErrorCode } from '../../../simulator/aliyun/index.js';
import type { HuaweiErrorCode } from '../../../simulator/huawei/index.js';
import type { JournalEntry } from '../../control/journal/journal.js';

/**
 * The vendors' codes grouped by what they mean for a client. They are the codes of the vendors'
 * catalogues (simulator/aliyun/errors.ts, simulator/huawei/errors.ts), read here as a client
 * reads them: a code the simulator never answers does not compile.
 */
export type VendorErrorCode = AliyunErrorCode | HuaweiErrorCode;

function codes(...list: VendorErrorCode[]): ReadonlySet<string> {
  return new Set(list);
}

/** The gateway refused the request itself: its signature, clock, nonce, key, project or API. */
export const GATEWAY_REFUSALS: ReadonlySet<string> = codes(
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidTimeStamp.Format',
  'InvalidTimeStamp.Expired',
  'SignatureNonceUsed',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureMethod',
  'InvalidAction.NotFound',
  'InvalidVersion',
  'APIGW.0101',
  'APIGW.0301',
  'APIGW.0303',
  'APIGW.0310',
  'GSL.00010001',
);

/** The parameters were refused: missing, malformed, out of range, a page size the API does not serve. */
export const PARAMETER_REFUSALS: ReadonlySet<string> = codes(
  'MissingParameter',
  'InvalidParameter',
  'InvalidParameter.Format',
  'GSL.00010004',
  'GSL.00020004',
  'GSL.00011010',
  'GSL.00016051',
);

/** The card named does not exist: asking again about the same card cannot succeed. */
export const UNKNOWN_CARD: ReadonlySet<string> = codes('InvalidIccid.NotFound', 'isv.IOT_RES_NOT_EXIST', 'GSL.00011001', 'GSL.00011011');

/**
 * Refusals that hold for a while: GSL refuses the same operation on a card within 5 minutes
 * (GSL.00016016) and a reset while the card's stop work order is unfinished (GSL.00016010, as
 * long as the order runs: 5 minutes by default).
 */
export const REFUSED_FOR_A_WHILE: ReadonlyMap<string, number> = new Map<VendorErrorCode, number>([
  ['GSL.00016016', 5 * 60_000],
  ['GSL.00016010', 5 * 60_000],
]);

/** Throttling and "system busy": worth a retry after a delay. */
const TRANSIENT_CODES: ReadonlySet<string> = codes(
  'Throttling.User',
  'ServiceUnavailable',
  'InternalError',
  'isv.SYSTEM_ERROR',
  'APIGW.0308',
  'GSL.00010003',
  'GSL.00020003',
);

/** A failure a retry may cure: a transient code, any 5xx, or a dropped connection (status 0). */
export function isTransient(entry: JournalEntry): boolean {
  return entry.status === 0 || entry.status >= 500 || (entry.errorCode !== undefined && TRANSIENT_CODES.has(entry.errorCode));
}

export function succeeded(entry: JournalEntry): boolean {
  return entry.status >= 200 && entry.status < 300 && entry.errorCode === undefined;
}
