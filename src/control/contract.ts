import doc from '../../contracts/sim-control.openapi.json' with { type: 'json' };
import { Contract, type OpenApiDocument } from '../../contracts/openapi.js';

/** The control plane's contract: every route's operationId is one of its operations. */
export const controlContract = new Contract(doc as unknown as OpenApiDocument);
