import type { Digests } from '../crypto/digests.js';
import type { Fleet } from '../fleet/fleet.js';
import type { SimClock } from './clock.js';
import type { ReplayGuard } from './replayGuard.js';
import type { RequestIds } from './requestIds.js';

/** How strictly signatures and tokens are checked. */
export type AuthMode = 'strict' | 'warn' | 'off';

export interface SimulatorSettings {
  authMode: AuthMode;
  /** Allowed distance between a signed timestamp and the simulated clock (both vendors: 15 min). */
  signatureWindowMs: number;
  /**
   * What Alibaba answers for ListCardInfo/ListOrder page sizes outside 10/15/25/40.
   * 'reject' gives InvalidParameter (the default); 'accept' serves any size from 1 to 100.
   */
  aliyunPageSizePolicy: 'reject' | 'accept';
  /**
   * HTTP status of Dyiotapi business errors (isv.*). 200 by default: public clients of the real
   * service read `body.Code` for isv.IOT_RES_NOT_EXIST instead of catching, which only works if the
   * Tea client does not throw. Set 400 to make Tea clients throw as well.
   */
  dyiotapiBusinessErrorStatus: 200 | 400;
}

export const DEFAULT_SETTINGS: SimulatorSettings = {
  authMode: 'strict',
  signatureWindowMs: 15 * 60 * 1000,
  aliyunPageSizePolicy: 'reject',
  dyiotapiBusinessErrorStatus: 200,
};

/** Everything a vendor surface may use while answering one request. */
export interface EngineContext {
  readonly fleet: Fleet;
  readonly clock: SimClock;
  readonly digests: Digests;
  readonly requestIds: RequestIds;
  readonly nonces: ReplayGuard;
  readonly settings: SimulatorSettings;
}
