/**
 * The Alibaba Cloud surface's public face: what the code standing above the vendor surfaces
 * (src/judge: the contract kit and `iotcard-sim verify`) may read of it. Everything else under
 * simulator/aliyun is the surface's own and changes with it; eslint.config.js holds the judges to
 * this file (docs/architecture.md).
 */

// How a lifecycle state reads as linkcard `Status` / `OsStatus` (docs/state-mapping.md).
export { aliyunStatus, type AliyunStatus } from './views/status.js';
// Parameters a request sends that its action does not declare (what the gateway ignores).
export { undeclaredRpcParameters } from './undeclaredParameters.js';
// Every error code the surface answers (its catalogue, errors.ts).
export type { AliyunErrorCode } from './errors.js';
