import doc from '../../../contracts/huawei-iam.openapi.json' with { type: 'json' };
import { Contract, type OpenApiDocument } from '../../../contracts/openapi.js';

/** The IAM subset's contract: request bodies checked here, responses in the tests. */
export const iamContract = new Contract(doc as unknown as OpenApiDocument);
