import { isPageShape, MAX_PAGE_SIZE, type DeclaredRoute } from 'dbsbm';
import {
  GraphQLBoolean,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getNamedType,
  isObjectType,
  type GraphQLArgumentConfig,
  type GraphQLFieldConfig,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from 'graphql';
import { z } from 'zod';
import type { GraphqlContext, RouteInput } from './calls.ts';
import { connectionComplexity, DEFAULT_PAGE_SIZE, limitComplexity } from './cost.ts';
import { bodyOf, InputTypes } from './input-types.ts';
import { LeafTypes } from './leaf-types.ts';
import { LinkTable, type Link } from './links.ts';
import { assignFieldNames, fieldNameOf, pascal, queryFieldOf, TypeNames, uniqueWithin } from './names.ts';
import { OutputTypes } from './output-types.ts';
import { isExposed, pathParamsOf, routeLabel } from './route-facts.ts';
import { collectMetaIds, peel } from './zod-peel.ts';

type Field = GraphQLFieldConfig<unknown, GraphqlContext, Record<string, unknown>>;

/** Where a field's argument goes in the route call. */
type ArgTarget = { kind: 'param' | 'query'; key: string } | { kind: 'first' | 'after' | 'input' };

/** The schema of a deployment and the links it made. */
export interface BuiltSchema {
  readonly schema: GraphQLSchema;
  readonly links: readonly Link[];
}

/** The shared parts of one schema build. */
interface Builders {
  readonly outputs: OutputTypes;
  readonly inputs: InputTypes;
}

/** Whether a route's response is a page GraphQL serves as a connection. */
const isConnection = (declared: DeclaredRoute): boolean => declared.route.method === 'get' && isPageShape(declared.route.response);

function describe(declared: DeclaredRoute): string {
  const { route } = declared;
  const scope = declared.scope === 'write' ? ' Needs a key with write access.' : '';
  return `${route.summary}${route.description ? `\n\n${route.description}` : ''}\n\nRuns ${routeLabel(declared)}.${scope}`;
}

/** A route's result type: a connection for a page, else its response shape (nullable: the route may refuse). */
function resultType(declared: DeclaredRoute, name: string, outputs: OutputTypes): GraphQLOutputType {
  const { route, plugin } = declared;
  if (isConnection(declared)) return outputs.connection(route.response as z.ZodObject, `${pascal(name)}Item`, plugin);
  return outputs.nullable(route.response, route.method === 'get' ? pascal(name) : `${pascal(route.operationId)}Result`, plugin);
}

/** Builds every type reachable from `type` now (their fields are thunks), so their names are taken in this order. */
function complete(type: GraphQLNamedType, seen = new Set<GraphQLNamedType>()): void {
  if (seen.has(type) || !isObjectType(type)) return;
  seen.add(type);
  for (const field of Object.values(type.getFields())) complete(getNamedType(field.type), seen);
}

/** The cost rule of a root field: a connection by `first`, a route taking a numeric `limit` by that limit. */
function complexityOf(declared: DeclaredRoute, limitArg: string | undefined, queryShapes: Record<string, z.ZodType>): Field['extensions'] {
  if (isConnection(declared)) return { complexity: connectionComplexity };
  if (!limitArg) return undefined;
  const limit = peel(queryShapes.limit!, 'query');
  const fallback = z.safeParse(queryShapes.limit!, undefined);
  const size = fallback.success && typeof fallback.data === 'number' ? fallback.data : DEFAULT_PAGE_SIZE;
  return limit.inner instanceof z.ZodNumber ? { complexity: limitComplexity(limitArg, size) } : undefined;
}

/** One root field: its arguments from the route's path, query and body, its resolver a call of the route. */
function rootField(declared: DeclaredRoute, name: string, type: GraphQLOutputType, { inputs }: Builders): Field {
  const { route, plugin } = declared;
  const connection = isConnection(declared);
  const hint = route.method === 'get' ? pascal(name) : pascal(route.operationId);
  const args: Record<string, GraphQLArgumentConfig> = {};
  const targets = new Map<string, ArgTarget>();
  const taken = new Set<string>();
  const add = (arg: string, config: GraphQLArgumentConfig, target: ArgTarget): string => {
    const unique = uniqueWithin(taken, arg);
    args[unique] = config;
    targets.set(unique, target);
    return unique;
  };
  const described = (field: { type: GraphQLArgumentConfig['type']; description?: string }): GraphQLArgumentConfig => ({ type: field.type, ...(field.description ? { description: field.description } : {}) });
  const paramShapes = (route.params?.shape ?? {}) as Record<string, z.ZodType>;
  for (const key of pathParamsOf(declared.fullPath)) {
    const shape = paramShapes[key];
    add(fieldNameOf(key), described(shape ? inputs.field(shape, `${hint}${pascal(key)}`, 'query', plugin) : { type: new GraphQLNonNull(GraphQLString) }), { kind: 'param', key });
  }
  const queryShapes = (route.query?.shape ?? {}) as Record<string, z.ZodType>;
  const paged = connection && 'limit' in queryShapes;
  const cursored = connection && 'cursor' in queryShapes;
  let limitArg: string | undefined;
  for (const [key, shape] of Object.entries(queryShapes)) {
    if ((paged && key === 'limit') || (cursored && key === 'cursor')) continue;
    const arg = add(fieldNameOf(key), described(inputs.field(shape, `${hint}${pascal(key)}`, 'query', plugin)), { kind: 'query', key });
    if (key === 'limit') limitArg = arg;
  }
  if (paged) {
    add('first', { type: GraphQLInt, description: `How many items this page holds, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); the query's cost is multiplied by it.` }, { kind: 'first' });
  }
  if (cursored) add('after', { type: GraphQLString, description: 'The `nextCursor` of the previous page; leave it out for the first page.' }, { kind: 'after' });
  const body = route.body;
  const emptyBody = body instanceof z.ZodObject && Object.keys(body.shape).length === 0;
  if (body && !emptyBody) add('input', described(inputs.field(body, `${pascal(route.operationId)}Input`, 'body', plugin)), { kind: 'input' });
  const extensions = complexityOf(declared, limitArg, queryShapes);
  return {
    type,
    description: describe(declared),
    args,
    ...(extensions ? { extensions } : {}),
    resolve: (_source, values, context) => {
      const input: { params: Record<string, unknown>; query: Record<string, unknown>; body?: unknown } = { params: {}, query: {}, ...(emptyBody ? { body: {} } : {}) };
      for (const [arg, value] of Object.entries(values)) {
        const target = targets.get(arg);
        if (!target) continue;
        if (target.kind === 'param') input.params[target.key] = value;
        else if (target.kind === 'query') input.query[target.key] = value;
        else if (target.kind === 'first') input.query.limit = value;
        else if (target.kind === 'after') input.query.cursor = value;
        else if (body && value !== null && value !== undefined) input.body = bodyOf(value, body);
      }
      return context.call(declared, input satisfies RouteInput);
    },
  };
}

/** Field names of one root type: the preferred names, or `graphql.field` where a route sets one. */
function fieldNames(root: 'Query' | 'Mutation', routes: readonly DeclaredRoute[]): Map<string, string> {
  const preferred = (d: DeclaredRoute): string => {
    const wanted = d.route.graphql ? d.route.graphql.field : undefined;
    return wanted ? fieldNameOf(wanted) : root === 'Query' ? queryFieldOf(d.route.operationId) : fieldNameOf(d.route.operationId);
  };
  return assignFieldNames(routes.map((d) => ({ operationId: d.route.operationId, preferred: preferred(d) })));
}

/**
 * The GraphQL schema of a deployment's declared routes: GET routes are Query fields, the others Mutation fields,
 * each resolved by running its route as the caller. Routes with `graphql: false` or a file response are left out.
 */
export function buildSchema(routes: readonly DeclaredRoute[]): BuiltSchema {
  const exposed = routes.filter(isExposed);
  const declaredNames = new Set<string>();
  for (const { route } of exposed) for (const shape of [route.response, route.body, route.query, route.params]) if (shape) collectMetaIds(shape, declaredNames);
  const names = new TypeNames(declaredNames);
  const leaves = new LeafTypes(names);
  const links = new LinkTable(exposed);
  const builders: Builders = { outputs: new OutputTypes(names, leaves, links), inputs: new InputTypes(names, leaves) };
  const roots = { Query: exposed.filter((d) => d.route.method === 'get'), Mutation: exposed.filter((d) => d.route.method !== 'get') };
  const named = { Query: fieldNames('Query', roots.Query), Mutation: fieldNames('Mutation', roots.Mutation) };
  // Results first, so that a response's enums and objects get their names (`GameStatus`) before a filter argument
  // of the same values would name them after itself (`GamesStatus`).
  const results = new Map<DeclaredRoute, GraphQLOutputType>();
  for (const root of ['Query', 'Mutation'] as const) {
    for (const declared of roots[root]) {
      const type = resultType(declared, named[root].get(declared.route.operationId)!, builders.outputs);
      complete(getNamedType(type));
      results.set(declared, type);
    }
  }
  const rootType = (root: 'Query' | 'Mutation'): GraphQLObjectType | undefined => {
    const fields: Record<string, Field> = {};
    for (const declared of roots[root]) {
      const name = named[root].get(declared.route.operationId)!;
      fields[name] = rootField(declared, name, results.get(declared)!, builders);
    }
    if (root === 'Query' && roots.Query.length === 0) {
      // A schema needs one query field, even where no read route is declared.
      fields.ping = { type: new GraphQLNonNull(GraphQLBoolean), description: 'Always true: this deployment declares no read route.', resolve: () => true };
    }
    return Object.keys(fields).length === 0 ? undefined : new GraphQLObjectType<unknown, GraphqlContext>({ name: root, fields });
  };
  const mutation = rootType('Mutation');
  const schema = new GraphQLSchema({ query: rootType('Query')!, ...(mutation ? { mutation } : {}) });
  return { schema, links: links.list() };
}
