/**
 * iotcard-sim/types: the request and response types generated from the OpenAPI documents
 * (openapi-typescript: `paths`, `components`, `operations`), one namespace per document, so a
 * typed client can reuse the shapes the simulator answers with.
 *
 *   import type { HuaweiGsl } from 'iotcard-sim/types';
 *   type SimCard = HuaweiGsl.components['schemas']['SimDeviceVO'];
 */
export type * as AliyunLinkcard from './generated/aliyun-linkcard.js';
export type * as AliyunDyiotapi from './generated/aliyun-dyiotapi.js';
export type * as HuaweiGsl from './generated/huawei-gsl.js';
export type * as HuaweiIam from './generated/huawei-iam.js';
export type * as SimControl from './generated/sim-control.js';
