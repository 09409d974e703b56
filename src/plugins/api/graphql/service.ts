import { randomUUID } from 'node:crypto';
import { HttpProblem, type ApiPrincipal, type PluginApiDirectory } from 'dbsbm';
import { execute, GraphQLError, parse, type ExecutionArgs } from 'graphql';
import { createHandler } from 'graphql-http';
import type { Logger } from 'pino';
import { graphqlContext, type GraphqlContext } from './calls.ts';
import { DEFAULT_MAX_COST, type GraphqlCost } from './cost.ts';
import { DEFAULT_MAX_DEPTH, depthLimit } from './depth.ts';
import { preflight, reportAll } from './preflight.ts';
import { buildSchema, type BuiltSchema } from './schema.ts';

/** A GraphQL request as sent: the document, its variables and which of its operations to run. */
export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A GraphQL response, with the operation's cost in `extensions.cost` whenever it was computed. */
export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; locations?: { line: number; column: number }[]; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: GraphqlCost };
}

/**
 * Options of the GraphQL endpoint.
 * @example graphqlEndpoints(ctx, { charge: (principal, cost) => limiter.charge(principal, graphqlWeight(cost) - 1) })
 */
export interface GraphqlOptions {
  /** The most an operation may cost (see `cost.ts`). @default 1000 */
  maxCost?: number;
  /** The deepest an operation may nest fields. @default 10 */
  maxDepth?: number;
  /**
   * Called once an operation passed every check, with its cost, before it runs: charge it against the key's
   * limits. Throw (an `HttpProblem` 429) to refuse it; nothing has run then.
   */
  charge?: (principal: ApiPrincipal, cost: GraphqlCost) => Promise<void>;
}

/** The GraphQL service of a deployment: its schema, built once every plugin is mounted, and how to run a request. */
export class GraphqlService {
  #built: { routes: number; value: BuiltSchema } | null = null;
  readonly #maxCost: number;
  readonly #maxDepth: number;

  constructor(
    private readonly endpoints: PluginApiDirectory,
    private readonly logger: Logger,
    private readonly options: GraphqlOptions = {},
  ) {
    this.#maxCost = options.maxCost ?? DEFAULT_MAX_COST;
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /**
   * The schema of the routes declared now. Built at the first request rather than at boot: the endpoint is
   * declared while plugins are still mounting, and the later ones' routes must be in it.
   */
  schema(): BuiltSchema {
    const routes = this.endpoints.routes();
    if (this.#built?.routes !== routes.length) this.#built = { routes: routes.length, value: buildSchema(routes) };
    return this.#built.value;
  }

  /** What a request would cost, without running it; null when it does not parse. */
  cost(request: GraphqlRequest): GraphqlCost | null {
    let document;
    try {
      document = parse(request.query);
    } catch {
      return null;
    }
    // A write key: the cost does not depend on who asks.
    const principal: ApiPrincipal = { keyId: '', guildId: '', scope: 'write', userId: '' };
    return preflight(this.schema().schema, { document, ...(request.variables ? { variables: request.variables } : {}), ...(request.operationName ? { operationName: request.operationName } : {}) }, { principal, method: 'POST', maxCost: this.#maxCost }).cost ?? null;
  }

  /** Runs a request as `principal`, through graphql-http, and answers its JSON with the cost added. */
  async run(principal: ApiPrincipal, method: 'GET' | 'POST', request: GraphqlRequest): Promise<GraphqlResult> {
    let cost: GraphqlCost | undefined;
    const handler = createHandler<null, null, GraphqlContext>({
      schema: () => this.schema().schema,
      context: () => graphqlContext(this.endpoints, principal),
      validationRules: (_req, args, specified) => {
        const checked = preflight(args.schema, { document: args.document, ...(request.variables ? { variables: request.variables } : {}), ...(request.operationName ? { operationName: request.operationName } : {}) }, { principal, method, maxCost: this.#maxCost });
        cost = checked.cost;
        return [...specified, depthLimit(this.#maxDepth), reportAll(checked.problems)];
      },
      execute: async (args: ExecutionArgs) => {
        if (cost && this.options.charge) await this.options.charge(principal, cost);
        return execute(args);
      },
      formatError: (err) => this.#masked(err),
    });
    const [body, init] = await handler({
      method: 'POST',
      url: '/api/v1/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: { query: request.query, variables: request.variables ?? undefined, operationName: request.operationName ?? undefined },
      raw: null,
      context: null,
    });
    if (body === null) throw new HttpProblem(init.status, init.statusText, 'The GraphQL request could not be read.');
    const result = JSON.parse(body) as GraphqlResult;
    return cost ? { ...result, extensions: { ...result.extensions, cost } } : result;
  }

  /**
   * A resolver's own failure (not a route's refusal, which is already a GraphQL error with its code) is logged
   * with a reference and answered without its details, as the HTTP routes do.
   */
  #masked(err: Readonly<GraphQLError | Error>): GraphQLError | Error {
    const original = err instanceof GraphQLError ? err.originalError : err;
    if (!original || original instanceof GraphQLError) return err;
    const supportId = randomUUID().slice(0, 8);
    this.logger.error({ err: original, supportId }, 'GraphQL field failed');
    return new GraphQLError(`Something went wrong on our side. It was logged; try again later, or quote the reference ${supportId}.`, {
      ...(err instanceof GraphQLError ? { nodes: err.nodes, path: err.path } : {}),
      extensions: { status: 500, code: 'INTERNAL', supportId },
    });
  }
}
