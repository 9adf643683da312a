import dyiotapiDocument from '../../contracts/aliyun-dyiotapi.openapi.json' with { type: 'json' };
import linkcardDocument from '../../contracts/aliyun-linkcard.openapi.json' with { type: 'json' };
import type { operations as DyiotapiOperations } from '../../contracts/generated/aliyun-dyiotapi.js';
import type { operations as LinkcardOperations } from '../../contracts/generated/aliyun-linkcard.js';
import { Contract, type OpenApiDocument } from '../../contracts/openapi.js';

// One instance per process: each compiles its validators once, on first use.
export const linkcardContract = new Contract<LinkcardOperations>(linkcardDocument as unknown as OpenApiDocument);
export const dyiotapiContract = new Contract<DyiotapiOperations>(dyiotapiDocument as unknown as OpenApiDocument);
