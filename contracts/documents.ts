import dyiotapi from './aliyun-dyiotapi.openapi.json' with { type: 'json' };
import linkcard from './aliyun-linkcard.openapi.json' with { type: 'json' };
import gsl from './huawei-gsl.openapi.json' with { type: 'json' };
import iam from './huawei-iam.openapi.json' with { type: 'json' };
import control from './sim-control.openapi.json' with { type: 'json' };
import type { OpenApiDocument } from './openapi.js';

/**
 * Every OpenAPI document in this folder by its name (the file name without `.openapi.json`), so
 * a running simulator can serve them to tools (`GET /_sim/openapi/<name>.json`). The same objects
 * the gateways validate with: nothing is read from disk, so this works in a browser too.
 */
export const OPENAPI_DOCUMENTS: Readonly<Record<string, OpenApiDocument>> = {
  'aliyun-linkcard': linkcard as unknown as OpenApiDocument,
  'aliyun-dyiotapi': dyiotapi as unknown as OpenApiDocument,
  'huawei-gsl': gsl as unknown as OpenApiDocument,
  'huawei-iam': iam as unknown as OpenApiDocument,
  'sim-control': control as unknown as OpenApiDocument,
};
