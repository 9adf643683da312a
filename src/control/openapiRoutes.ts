import { OPENAPI_DOCUMENTS } from '../../contracts/documents.js';
import { CONTROL_PREFIX, ControlError, type ControlRoute } from './route.js';

/**
 * The OpenAPI documents, served while running so tools (Prism, Postman, code generators) can point
 * at them. Public, like the files in the package.
 */
export const openapiRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/openapi',
    operationId: 'ListOpenApiDocuments',
    handle: () => ({
      json: {
        documents: Object.entries(OPENAPI_DOCUMENTS).map(([name, doc]) => ({
          name,
          title: doc.info.title,
          version: doc.info.version,
          url: `${CONTROL_PREFIX}/openapi/${name}.json`,
        })),
      },
    }),
  },
  {
    method: 'GET',
    path: '/openapi/:file',
    operationId: 'GetOpenApiDocument',
    handle: (req) => {
      const name = req.params['file']?.replace(/\.json$/, '') ?? '';
      const doc = Object.hasOwn(OPENAPI_DOCUMENTS, name) ? OPENAPI_DOCUMENTS[name] : undefined;
      if (!doc || !req.params['file']?.endsWith('.json')) {
        throw new ControlError(
          404,
          'NotFound',
          `no OpenAPI document ${req.params['file']}: one of ${Object.keys(OPENAPI_DOCUMENTS)
            .map((n) => `${n}.json`)
            .join(', ')}`,
        );
      }
      return { json: doc };
    },
  },
];
