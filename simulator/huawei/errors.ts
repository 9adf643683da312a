import { CardNotFound } from '../../src/fleet/errors.js';

/**
 * The Huawei error catalogue: every code this surface answers, once, with its HTTP status and
 * message. APIGW.* codes come from the API gateway in front of GSL and carry a request_id in the
 * body; GSL.* codes come from GSL itself and do not. `{name}` marks a detail filled per error.
 */
export const HUAWEI_ERRORS = {
  'APIGW.0101': { status: 404, message: 'The API does not exist or has not been published in the environment.' },
  'APIGW.0301': { status: 401, message: 'Incorrect IAM authentication information: {reason}' },
  'APIGW.0303': { status: 401, message: 'Incorrect app authentication information: {reason}' },
  'APIGW.0310': { status: 403, message: 'The project is unavailable.' },
  'GSL.00010003': { status: 500, message: 'System busy, please try again later.' },
  'GSL.00010004': { status: 400, message: 'Parameter error: {detail}' },
  'GSL.00011001': {
    status: 400,
    message: 'The SIM card does not exist or you do not have the permission to access the SIM card.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type HuaweiErrorCode = keyof typeof HUAWEI_ERRORS;

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

  constructor(
    readonly code: HuaweiErrorCode,
    details: Readonly<Record<string, string>> = {},
  ) {
    const entry = HUAWEI_ERRORS[code];
    super(entry.message.replace(/\{(\w+)\}/g, (_, name: string) => details[name] ?? ''));
    this.name = 'HuaweiError';
    this.status = entry.status;
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

/** The fleet's vendor-neutral errors in GSL's words; undefined for anything unexpected. */
export function fromDomainError(err: unknown): HuaweiError | undefined {
  if (err instanceof HuaweiError) return err;
  if (err instanceof CardNotFound) return new HuaweiError('GSL.00011001');
  return undefined;
}
