import type { Simulator } from '../simulator.js';

/** The transient error each API is tested with. */
export type TransientVendor = 'linkcard' | 'dyiotapi' | 'gsl';

export const TRANSIENT_CODE: Record<TransientVendor, string> = {
  linkcard: 'Throttling.User',
  dyiotapi: 'ServiceUnavailable',
  gsl: 'APIGW.0308',
};

/**
 * Makes the next `times` requests to one API fail with its transient error (Infinity: every
 * request). This is the ONE place the kit injects a transient fault; it drives the simulator's
 * own flow control and outage settings (a rate below one per second throttles every call) and
 * restores them once the count is spent. Returns the undo.
 */
export function injectTransientError(simulator: Simulator, api: TransientVendor, times: number): () => void {
  const settings = simulator.settings;
  const saved = {
    aliyunRequestsPerSecond: settings.aliyunRequestsPerSecond,
    aliyunUnavailableProducts: settings.aliyunUnavailableProducts,
    huaweiRequestsPerSecond: settings.huaweiRequestsPerSecond,
  };
  const apply = (on: boolean) => {
    if (api === 'linkcard') settings.aliyunRequestsPerSecond = on ? 0.5 : saved.aliyunRequestsPerSecond;
    if (api === 'dyiotapi') settings.aliyunUnavailableProducts = on ? [...saved.aliyunUnavailableProducts, 'dyiotapi'] : saved.aliyunUnavailableProducts;
    if (api === 'gsl') settings.huaweiRequestsPerSecond = on ? 0.5 : saved.huaweiRequestsPerSecond;
  };
  const handle = simulator.handle;
  let left = times;
  apply(true);
  const undo = () => {
    simulator.handle = handle;
    apply(false);
  };
  simulator.handle = (req) => {
    const res = handle(req);
    if (--left <= 0) undo();
    return res;
  };
  return undo;
}
