import { defineRoute, HttpProblem, type ApiRoute } from 'dbsbm';
import { z } from 'zod';
import type { GraphqlRequest, GraphqlService } from './service.ts';

/** The largest document accepted: 100 KB of text. */
export const MAX_QUERY_LENGTH = 100 * 1024;

const graphqlRequest = z
  .object({
    query: z.string().min(1).max(MAX_QUERY_LENGTH).describe('The GraphQL document, at most 100 KB.'),
    variables: z.record(z.string(), z.unknown()).nullable().optional().describe('Values of the variables the document declares.'),
    operationName: z.string().max(256).nullable().optional().describe('Which operation of the document to run, when it holds several.'),
  })
  .meta({ id: 'GraphQLRequest' });

const graphqlGetQuery = z.object({
  query: z.string().min(1).max(MAX_QUERY_LENGTH).describe('The GraphQL document (a query: mutations need POST).'),
  variables: z.string().max(MAX_QUERY_LENGTH).optional().describe('The variables as a JSON object.'),
  operationName: z.string().max(256).optional().describe('Which operation of the document to run, when it holds several.'),
});

const graphqlError = z
  .object({
    message: z.string(),
    locations: z.array(z.object({ line: z.number().int(), column: z.number().int() })).optional(),
    path: z.array(z.union([z.string(), z.number().int()])).optional(),
    extensions: z.record(z.string(), z.unknown()).optional().describe('`code`, and `status` and `detail` as the route answered them over HTTP.'),
  })
  .meta({ id: 'GraphQLError' });

const graphqlCost = z
  .object({
    requested: z.number().int().describe('What this operation costs: each field 1 plus what it selects, a connection multiplied by `first` (20 when left out).'),
    limit: z.number().int().describe('The most one operation may cost.'),
  })
  .meta({ id: 'GraphQLCost' });

const graphqlResponse = z
  .object({
    data: z.record(z.string(), z.unknown()).nullable().optional().describe('What the operation selected; a field whose route refused is null, with an error.'),
    errors: z.array(graphqlError).optional(),
    extensions: z.object({ cost: graphqlCost.optional() }).optional(),
  })
  .meta({ id: 'GraphQLResponse' });

const DESCRIPTION =
  'Every declared route of this deployment as one GraphQL schema: GET routes are Query fields (`listBets` → `bets`, ' +
  '`getBet` → `bet`), the others Mutation fields under their operationId. Each field runs its route as the key, with ' +
  'the same scope, gate and validation as over HTTP; a refusal becomes an error with `extensions: { status, code, detail }`. ' +
  'A list is a connection (`data`, `hasMore`, `nextCursor`) taking `first` (1 to 100, default 20) and `after`. An operation ' +
  'may nest 10 fields deep and cost 1,000 points; its cost is in `extensions.cost`. A read key runs queries only.';

function variablesOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpProblem(400, 'Bad Request', '`variables` must be a JSON object, e.g. variables={"first":10} (URL-encoded).', { code: 'INVALID_INPUT' });
  }
  return parsed as Record<string, unknown>;
}

/** `POST /api/v1/graphql` and `GET /api/v1/graphql?query=`, both readable with a read key (a mutation is checked per operation). */
export function graphqlRoutes(service: GraphqlService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/graphql',
      root: true,
      operationId: 'graphql',
      summary: 'Run a GraphQL query or mutation over the declared routes',
      description: DESCRIPTION,
      // Per operation: a query needs a read key, a mutation a write key (checked before anything runs).
      scope: 'read',
      status: 200,
      graphql: false,
      body: graphqlRequest,
      response: graphqlResponse,
      handler: ({ body, principal }) => service.run(principal, 'POST', body satisfies GraphqlRequest),
    }),
    defineRoute({
      method: 'get',
      path: '/graphql',
      root: true,
      operationId: 'graphqlGet',
      summary: 'Run a GraphQL query given in the query string',
      description: `${DESCRIPTION} Over GET, queries only.`,
      graphql: false,
      query: graphqlGetQuery,
      response: graphqlResponse,
      handler: ({ query, principal }) => {
        const variables = variablesOf(query.variables);
        return service.run(principal, 'GET', { query: query.query, ...(variables ? { variables } : {}), ...(query.operationName ? { operationName: query.operationName } : {}) });
      },
    }),
  ];
}
