import type { Digests } from '../crypto/digests.js';
import type { Fleet } from '../fleet/fleet.js';
import type { SimClock } from './clock.js';
import type { ReplayGuard } from './replayGuard.js';
import type { SealKeys } from './sealKeys.js';
import type { RequestIds } from './requestIds.js';

/** How strictly signatures and tokens are checked. */
export type AuthMode = 'strict' | 'warn' | 'off';

/** Which clock signed timestamps are checked against (SimulatorSettings.signatureClock). */
export type SignatureClock = 'wall' | 'simulated';

export interface SimulatorSettings {
  authMode: AuthMode;
  /** Allowed distance between a signed timestamp and the signature clock (both vendors: 15 min). */
  signatureWindowMs: number;
  /**
   * The clock signed timestamps (and nonces) are checked against. 'wall' (the default): the real
   * time, as the SDKs sign with it, so moving the fleet's simulated clock (`+30d`) never locks the
   * SDKs out. 'simulated': the simulated clock, for tests of expiry itself or replays of captured
   * requests at their signing time.
   */
  signatureClock: SignatureClock;
  /**
   * What Alibaba answers for ListCardInfo/ListOrder page sizes outside 10/15/25/40.
   * 'reject' gives InvalidParameter (the default); 'accept' serves any size from 1 to 100.
   */
  aliyunPageSizePolicy: 'reject' | 'accept';
  /**
   * HTTP status of Dyiotapi business errors (isv.*). 'published' (the default) answers each code
   * with the status Dyiotapi's page publishes (400, and 404 for isv.SYSTEM_ERROR). A number answers
   * every isv.* code with it: 200 is what public clients of the live service expect (they read
   * `body.Code` for isv.IOT_RES_NOT_EXIST instead of catching); 400 and 404 for symmetry.
   */
  dyiotapiBusinessErrorStatus: 'published' | 200 | 400 | 404;
  /**
   * How long a Huawei GSL work order (stop, reset, enable, cut-net, …) takes to complete, in
   * simulated ms. 5 minutes by default: long enough to observe an order "processing", and equal to
   * GSL's "not again within 5 minutes" window.
   */
  huaweiWorkOrderDurationMs: number;
  /**
   * The Huawei API gateway's flow control: requests per second one account may make to one GSL
   * API before APIGW.0308, counted on the simulated clock. 200, the gateway's documented default;
   * 0 turns it off.
   */
  huaweiRequestsPerSecond: number;
  /**
   * How long an Alibaba asynchronous operation (linkcard Renew, Dyiotapi DoIotRecharge) takes,
   * in simulated ms, before GetOperateResult reports it done. 1 minute by default.
   */
  aliyunOperationDurationMs: number;
  /**
   * Alibaba's flow control: requests per second one account may make to one API before
   * Throttling.User, counted on the simulated clock. 20, the documented default; 0 turns flow
   * control off (tests that page through a fleet on a frozen clock).
   */
  aliyunRequestsPerSecond: number;
  /** Alibaba products (linkcard, dyiotapi) that answer ServiceUnavailable, as during an outage. */
  aliyunUnavailableProducts: string[];
  /**
   * Carriers (CMCC, CUCC, CTCC) whose platform is down: Dyiotapi answers isv.SYSTEM_ERROR for
   * their cards, as it does when it cannot reach the carrier.
   */
  aliyunCarrierOutages: string[];
  /**
   * Carriers (CMCC, CUCC, CTCC) whose platform is down for Huawei GSL: what GSL must ask the
   * carrier (work orders, ShowRealNamed, real-time ListSimPricePlans) answers GSL.00010003 (500,
   * system busy) for their cards.
   */
  huaweiCarrierOutages: string[];
  /** How many requests the journal keeps (the oldest go first). 1000 by default; 0 keeps none. */
  journalLimit: number;
}

export const DEFAULT_SETTINGS: SimulatorSettings = {
  authMode: 'strict',
  signatureWindowMs: 15 * 60 * 1000,
  signatureClock: 'wall',
  aliyunPageSizePolicy: 'reject',
  dyiotapiBusinessErrorStatus: 'published',
  huaweiWorkOrderDurationMs: 5 * 60 * 1000,
  huaweiRequestsPerSecond: 200,
  aliyunOperationDurationMs: 60 * 1000,
  aliyunRequestsPerSecond: 20,
  aliyunUnavailableProducts: [],
  aliyunCarrierOutages: [],
  huaweiCarrierOutages: [],
  journalLimit: 1000,
};

/** Everything a vendor surface may use while answering one request. */
export interface EngineContext {
  readonly fleet: Fleet;
  readonly clock: SimClock;
  readonly digests: Digests;
  readonly requestIds: RequestIds;
  readonly nonces: ReplayGuard;
  readonly settings: SimulatorSettings;
  /** The world's own keys (IAM token seals); saved with it. */
  readonly keys: SealKeys;
}

/**
 * The instant a signed timestamp is compared with: the real time unless the settings ask for the
 * simulated clock. Date.now() is isomorphic (no node: import).
 */
export function signatureNow(ctx: Pick<EngineContext, 'clock' | 'settings'>): number {
  return ctx.settings.signatureClock === 'simulated' ? ctx.clock.now() : Date.now();
}
