import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { ApiInvocation, ApiOutcome, ApiPrincipal, DeclaredRoute, PluginApiDirectory } from 'dbsbm';
import { fillPath } from './route-facts.ts';

/** The values a field hands to its route: path parameters, query fields (sent as text, as over HTTP) and a body. */
export interface RouteInput {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/** What every resolver gets: the caller, and the one way to reach a route (with every check HTTP makes). */
export type GraphqlContext = {
  readonly principal: ApiPrincipal;
  /** Runs `declared` as the caller; a read goes through the request's loader of that route, so it runs once per distinct input. */
  readonly call: (declared: DeclaredRoute, input: RouteInput) => Promise<unknown>;
};

/** A query value as the query string would carry it, so the route's own coercion reads it as it reads HTTP. */
function asQueryText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asQueryText);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function invocationOf(declared: DeclaredRoute, input: RouteInput): ApiInvocation {
  const query: Record<string, unknown> = {};
  for (const name of Object.keys(input.query).sort()) {
    const value = input.query[name];
    if (value !== undefined && value !== null) query[name] = asQueryText(value);
  }
  return { method: declared.route.method, path: fillPath(declared.fullPath, input.params), query, ...(input.body === undefined ? {} : { body: input.body }) };
}

const CODES: Readonly<Record<number, string>> = { 400: 'INVALID_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 429: 'RATE_LIMITED' };

/**
 * A route's refusal as a GraphQL error: the problem document's message, with `{ status, code, detail }` in its
 * extensions so a client branches on the same code as over HTTP.
 */
export function outcomeError(outcome: ApiOutcome): GraphQLError {
  const problem = (typeof outcome.body === 'object' && outcome.body !== null ? outcome.body : {}) as Record<string, unknown>;
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  const title = typeof problem.title === 'string' ? problem.title : `The route answered ${outcome.status}`;
  const code = typeof problem.code === 'string' ? problem.code : (CODES[outcome.status] ?? (outcome.status >= 500 ? 'INTERNAL' : `HTTP_${outcome.status}`));
  return new GraphQLError(detail ?? title, { extensions: { status: outcome.status, code, detail: detail ?? title } });
}

const succeeded = (outcome: ApiOutcome): boolean => outcome.status >= 200 && outcome.status < 300;

/**
 * The context of one GraphQL request: a DataLoader per read route, keyed by its input, so the same by-id call in one
 * query (a root field and a link to the same game, or fifty bets on one game) runs once, and the distinct ones
 * start together. Writes are never cached: two mutations run twice.
 */
export function graphqlContext(endpoints: Pick<PluginApiDirectory, 'invoke'>, principal: ApiPrincipal): GraphqlContext {
  const loaders = new Map<DeclaredRoute, DataLoader<ApiInvocation, unknown, string>>();
  const run = async (invocation: ApiInvocation): Promise<unknown> => {
    const outcome = await endpoints.invoke(principal, invocation);
    return succeeded(outcome) ? outcome.body : outcomeError(outcome);
  };
  const loaderOf = (declared: DeclaredRoute): DataLoader<ApiInvocation, unknown, string> => {
    let loader = loaders.get(declared);
    if (!loader) {
      loader = new DataLoader<ApiInvocation, unknown, string>((calls) => Promise.all(calls.map(run)), { cacheKeyFn: (c) => JSON.stringify([c.path, c.query]) });
      loaders.set(declared, loader);
    }
    return loader;
  };
  return {
    principal,
    call: async (declared, input) => {
      const invocation = invocationOf(declared, input);
      if (declared.route.method === 'get') return loaderOf(declared).load(invocation);
      const out = await run(invocation);
      if (out instanceof GraphQLError) throw out;
      return out;
    },
  };
}
