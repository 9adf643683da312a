/**
 * The Huawei Cloud GSL surface's public face: what the code standing above the vendor surfaces
 * (src/judge: the contract kit and `iotcard-sim verify`) may read of it. Everything else under
 * simulator/huawei is the surface's own and changes with it; eslint.config.js holds the judges to
 * this file (docs/architecture.md).
 */

// How a lifecycle state reads as GSL `sim_status` (docs/state-mapping.md).
export { simStatusOf } from './views/status.js';
// SDK-HMAC-SHA256 as the gateway computes it: to show a client the server's side of a refused signature.
export { canonicalRequests, parseAuthorization, stringToSign, type SdkHmacAuthorization } from './aksk.js';
// Query parameters a request sends that its operation does not declare (what the gateway ignores).
export { undeclaredQueryParameters } from './undeclaredParameters.js';
// Every error code the surface answers (its catalogue, errors.ts).
export type { HuaweiErrorCode } from './errors.js';
