import dyiotapiDocument from '../../contracts/aliyun-dyiotapi.openapi.json' with { type: 'json' };
import linkcardDocument from '../../contracts/aliyun-linkcard.openapi.json' with { type: 'json' };
import { Contract, type OpenApiDocument } from '../../contracts/openapi.js';

// One instance per process: each compiles its validators once, on first use.
export const linkcardContract = new Contract(linkcardDocument as unknown as OpenApiDocument);
export const dyiotapiContract = new Contract(dyiotapiDocument as unknown as OpenApiDocument);
