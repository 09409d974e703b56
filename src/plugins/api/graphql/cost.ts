import { MAX_PAGE_SIZE } from 'dbsbm';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';

/** The page size a connection is priced at when `first` is left out: the routes' own default. */
export const DEFAULT_PAGE_SIZE = 20;

/** @default 1000 */
export const DEFAULT_MAX_COST = 1000;

/** What an operation costs, and the most one may cost: returned in `extensions.cost` of every response. */
export interface GraphqlCost {
  readonly requested: number;
  readonly limit: number;
}

/** Where the estimators leave what they refuse (a `first` out of range), reported before anything runs. */
interface CostContext {
  readonly problems: GraphQLError[];
}

/**
 * A connection costs `1 + first × (the cost of what is selected in it)`: `first` defaults to 20 when left out,
 * never to nothing (a limiter that ignores a missing `first` lets a page of 20 pass as one item: graphql-armor
 * #761). A `first` outside 1..100 is refused here, literal or variable, before any route runs.
 */
export function connectionComplexity({ args, childComplexity, context, node }: ComplexityEstimatorArgs): number {
  const first: unknown = args.first ?? DEFAULT_PAGE_SIZE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    (context as CostContext | undefined)?.problems.push(
      new GraphQLError(`\`first\` is the page size: 1 to ${MAX_PAGE_SIZE}, not ${String(first)}. Ask for the next page with \`after: nextCursor\`.`, {
        nodes: node,
        extensions: { code: 'INVALID_INPUT', status: 400, argument: 'first' },
      }),
    );
    return 1 + MAX_PAGE_SIZE * childComplexity;
  }
  return 1 + first * childComplexity;
}

/**
 * A route that is not a page but answers up to `limit` items (a leaderboard) costs `1 + limit × (what is selected)`,
 * `limit` defaulting to the route's own default: the same rule as a connection, without the page's checks (the
 * route refuses a `limit` it does not take).
 */
export function limitComplexity(arg: string, fallback: number): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const limit: unknown = args[arg];
    const size = typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? Math.ceil(limit) : fallback;
    return 1 + size * childComplexity;
  };
}

/** Introspection (`__schema`, `__type`, `__typename`) is free: it reads the schema, never a route. */
const introspectionIsFree: ComplexityEstimator = ({ field, type }) => (field.name.startsWith('__') || type.name.startsWith('__') ? 0 : undefined);

/**
 * The cost of an operation before it runs: every field costs 1 plus what is selected in it, a connection is
 * multiplied by its page size. Also returns what the estimators refused (a bad `first`, an unusable variable).
 */
export function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): { requested: number; problems: GraphQLError[] } {
  const context: CostContext = { problems: [] };
  try {
    const requested = getComplexity({
      schema,
      query: document,
      ...(variables ? { variables } : {}),
      ...(operationName ? { operationName } : {}),
      context: context as unknown as Record<string, unknown>,
      estimators: [introspectionIsFree, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
    return { requested, problems: context.problems };
  } catch (err) {
    const problem = err instanceof GraphQLError ? err : new GraphQLError(`The cost of this query could not be computed: ${(err as Error).message}`);
    return { requested: 0, problems: [...context.problems, problem] };
  }
}
