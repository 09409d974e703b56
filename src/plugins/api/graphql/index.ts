import type { ApiRoute, PluginContext } from 'dbsbm';
import { GraphqlService, type GraphqlOptions } from './service.ts';
import { graphqlRoutes } from './transport.ts';

export { DEFAULT_MAX_COST, DEFAULT_PAGE_SIZE, type GraphqlCost } from './cost.ts';
export { DEFAULT_MAX_DEPTH } from './depth.ts';
export type { Link } from './links.ts';
export { GraphqlService, type GraphqlOptions, type GraphqlRequest, type GraphqlResult } from './service.ts';
export { graphqlWeight } from './weight.ts';

/**
 * The GraphQL endpoint of the deployment: `POST /api/v1/graphql` and `GET /api/v1/graphql?query=`, over every
 * declared route (see README.md beside this file). Declare them among the api plugin's endpoints.
 * @since 1.2.0
 * @example endpoints: (ctx) => [...apiRoutes(ctx), ...graphqlEndpoints(ctx)]
 */
export function graphqlEndpoints(ctx: PluginContext, options: GraphqlOptions = {}): ApiRoute[] {
  return graphqlRoutes(new GraphqlService(ctx.endpoints, ctx.logger, options));
}
