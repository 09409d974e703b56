import type { GraphQLSchema } from 'graphql';
import { GraphqlService } from '../graphql/service.ts';
import type { ApiContext } from './context.ts';

/**
 * What the api plugin provides to plugins that require it (`ctx.use('api')`).
 * @since 1.3.0
 */
export interface ApiServices {
  /**
   * The deployment's GraphQL schema (queries and mutations of every declared route), for a plugin that serves it
   * over another transport with fields of its own (the stream plugin's subscriptions over graphql-ws).
   */
  graphqlSchema(): GraphQLSchema;
}

declare module 'dbsbm' {
  interface DbsbmServices {
    api: ApiServices;
  }
}

export function apiServices(ctx: ApiContext): ApiServices {
  const service = new GraphqlService(ctx.endpoints, ctx.logger);
  return { graphqlSchema: () => service.schema().schema };
}
