import { defineRoute, type ApiRoute, type PluginApiDirectory, type PluginContext } from 'dbsbm';
import { z } from 'zod';
import { openApiDocument, type OpenApiDocument, type OpenApiInfo } from './document.ts';

/** What the served document (and the SDK generated from it) says about the API as a whole. */
export const API_INFO: OpenApiInfo = {
  title: 'DBSBM API',
  version: '1.0.0',
  license: { name: 'MIT', identifier: 'MIT' },
  description: [
    'The public API of a DBSBM deployment: every route a plugin declares, under `/api/v1/<plugin>/…`.',
    '',
    '**Keys.** Send `Authorization: Bearer dbsbm_…`. A server admin creates a key in Discord with `/api key create`; a key belongs to one',
    'server and sees only that server\'s data (another server\'s ids answer 404). `read` keys call GET routes; `write` keys call every route.',
    'The server must be on a tier that includes the API, and each route\'s plugin must be on for it (403 otherwise).',
    '',
    '**Errors** are RFC 9457 problem documents (`application/problem+json`) with a stable `code`.',
    '',
    '**Lists** take `limit` (1–100, default 20) and `cursor`, and answer `{ data, has_more, next_cursor }`: pass `next_cursor` as `cursor` for the next page.',
    '',
    '**Limits.** Each key has a number of calls per window (the server\'s `api_rate_limit`); every answer carries `RateLimit` and',
    '`RateLimit-Policy`, and a call over the limit answers 429 with `Retry-After`.',
    '',
    '**Retries.** A POST may carry an `Idempotency-Key`: a retry with the same key and body answers the first response again instead of acting twice.',
    '',
    'Operations marked `x-dbsbm-undocumented` are raw routes of a plugin that declare no shapes.',
  ].join('\n'),
};

/** The document of a deployment's routes, as served at `/api/v1/openapi.json` and written to `packages/sdk/openapi.json`. */
export function documentOf(endpoints: PluginApiDirectory): OpenApiDocument {
  return openApiDocument(endpoints.routes(), endpoints.rawRoutes(), API_INFO);
}

const documentShape = z
  .looseObject({
    openapi: z.string().describe('The OpenAPI version, `3.1.0`.'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.looseObject({})).describe('Every route under `/api/v1`, by path.'),
  })
  .meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document.' });

/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every route of the deployment, for anyone (no key). Built
 * on the first request, when every plugin's routes are mounted, and kept: routes do not change while the app runs.
 * @since 1.2.0
 */
export function openApiEndpoints(ctx: Pick<PluginContext, 'endpoints'>): ApiRoute[] {
  let document: z.output<typeof documentShape> | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      root: true,
      public: true,
      operationId: 'getOpenApiDocument',
      summary: 'The OpenAPI 3.1 document of this API',
      description: 'Every route of this deployment with its inputs, answers and errors; the docs page (`/api/docs`) and the SDK are built from it.',
      graphql: false,
      response: documentShape,
      handler: async () => (document ??= documentShape.parse(documentOf(ctx.endpoints))),
    }),
  ];
}
