import type { operations } from '../../contracts/generated/huawei-gsl.js';
import doc from '../../contracts/huawei-gsl.openapi.json' with { type: 'json' };
import { Contract, type OpenApiDocument } from '../../contracts/openapi.js';

/** The GSL contract, compiled once: parameter validation here, response checks in the tests. */
export const gslContract = new Contract<operations>(doc as unknown as OpenApiDocument);
