import type { FaultEffect } from '../../control/faults/faultRule.js';
import type { VendorErrorCode } from '../verify/codes.js';
import type { ContractWorld } from './world.js';

/** The API a suite talks to. */
export type TransientVendor = 'linkcard' | 'dyiotapi' | 'gsl';

/** One transient failure a client must survive: what is injected, and the code it must surface. */
export interface TransientFault {
  /** Shown in failure messages: `Throttling.User`, `HTTP 500 (InternalError)`. */
  readonly label: string;
  readonly effect: FaultEffect;
  /** The vendor code the answer carries, which a client that gives up must surface. */
  readonly code: VendorErrorCode;
}

const error = (code: VendorErrorCode): TransientFault => ({ label: code, effect: { kind: 'error', code }, code });
/** A bare 5xx from the gateway, with the body the vendor's gateway gives it (src/control/faults). */
const http = (status: number, code: VendorErrorCode): TransientFault => ({
  label: `HTTP ${status} (${code})`,
  effect: { kind: 'http', status },
  code,
});

/**
 * The transient failures each API is tested with, the three kinds the vendors answer under
 * load: throttling, "system busy" and a bare 5xx. linkcard has no system-busy code of its own:
 * the gateway's ServiceUnavailable (503) is it. Dyiotapi's isv.SYSTEM_ERROR is a business error,
 * published at HTTP 404 but met at HTTP 200 too (the Dyiotapi suite runs it both ways), so a client
 * that trusts the status alone misses it. GSL's GSL.00010003 is HTTP 500;
 * the 5xx fault gives the same body at 503, which clients keyed on the status treat differently.
 */
export const TRANSIENT_FAULTS: Record<TransientVendor, readonly TransientFault[]> = {
  linkcard: [error('Throttling.User'), error('ServiceUnavailable'), http(500, 'InternalError')],
  dyiotapi: [error('Throttling.User'), error('isv.SYSTEM_ERROR'), error('ServiceUnavailable'), http(500, 'InternalError')],
  gsl: [error('APIGW.0308'), error('GSL.00010003'), http(503, 'GSL.00010003')],
};

const VENDOR: Record<TransientVendor, 'aliyun' | 'huawei'> = { linkcard: 'aliyun', dyiotapi: 'aliyun', gsl: 'huawei' };

/**
 * Makes the next `times` requests to one API fail with `fault` (Infinity: every request), through
 * the simulator's own fault injection: the answer comes from the vendor's catalogue with its
 * status and body, as any user's fault rule would. Each suite talks to one API only, so the vendor
 * is enough to aim the rule. Resolves to the undo.
 */
export function injectTransientFault(
  world: ContractWorld,
  api: TransientVendor,
  fault: TransientFault,
  times: number,
): Promise<() => Promise<void>> {
  return world.injectFault({
    vendor: VENDOR[api],
    effect: fault.effect,
    ...(Number.isFinite(times) ? { times } : {}),
  });
}
