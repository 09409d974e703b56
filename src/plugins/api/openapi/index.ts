/**
 * The API's description: the OpenAPI 3.1 document (`GET /api/v1/openapi.json`), the docs page (`/api/docs/`) and what
 * the SDK generator (`npm run sdk`) builds from.
 * @packageDocumentation
 */
export { openApiDocument, type OpenApiDocument, type OpenApiInfo } from './document.ts';
export { API_INFO, documentOf, openApiEndpoints } from './endpoint.ts';
export { DOCS_PATH, docsRoutes, OPENAPI_URL } from './docs-page.ts';
export { problemShape } from './problem.ts';
export type { RawRoute } from './raw-operations.ts';
