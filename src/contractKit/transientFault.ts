import type { Simulator } from '../simulator.js';

/** The transient error each API is tested with. */
export type TransientVendor = 'linkcard' | 'dyiotapi' | 'gsl';

export const TRANSIENT_CODE: Record<TransientVendor, string> = {
  linkcard: 'Throttling.User',
  dyiotapi: 'ServiceUnavailable',
  gsl: 'APIGW.0308',
};

const VENDOR: Record<TransientVendor, 'aliyun' | 'huawei'> = { linkcard: 'aliyun', dyiotapi: 'aliyun', gsl: 'huawei' };

/**
 * Makes the next `times` requests to one API fail with its transient error (Infinity: every
 * request), through the simulator's own fault injection: the error comes from the vendor's
 * catalogue with its status and body, as any user's fault rule would. Each suite talks to one
 * API only, so the vendor is enough to aim the rule. Returns the undo.
 */
export function injectTransientError(simulator: Simulator, api: TransientVendor, times: number): () => void {
  const rule = simulator.faults.add({
    vendor: VENDOR[api],
    effect: { kind: 'error', code: TRANSIENT_CODE[api] },
    ...(Number.isFinite(times) ? { times } : {}),
  });
  return () => {
    simulator.faults.remove(rule.id);
  };
}
