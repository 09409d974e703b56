import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { DeclaredRoute } from 'dbsbm';
import { openApiPath } from './express-path.ts';
import { clientParameters } from './parameter-shapes.ts';
import { rawOperation, type RawRoute } from './raw-operations.ts';
import { errorRef, idempotencyKeyRef, rateLimitHeaders, registerStandardComponents, SECURITY_SCHEME, standardSchemas, type ErrorStatus } from './standard-components.ts';

/** An OpenAPI 3.1 document, as zod-to-openapi writes it. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The document's `info`: what the API is called and which version of it this is. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  license?: { name: string; identifier?: string };
}

/** The order methods are listed in within a path, so the document (and the SDK made from it) does not churn. */
const METHOD_ORDER = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head', 'trace'] as const;

const REASON: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

function errorsOf(declared: DeclaredRoute): Record<string, { $ref: string }> {
  const statuses: ErrorStatus[] = [400, 404, 503];
  if (!declared.route.public) statuses.push(401, 403, 429);
  if (declared.route.method !== 'get') statuses.push(409, 422);
  return Object.fromEntries(statuses.sort((a, b) => a - b).map((s) => [String(s), errorRef(s)]));
}

/** The success answer: JSON described by the route's response shape, or the file a `produces` route sends. */
function successOf(declared: DeclaredRoute): RouteConfig['responses'][string] {
  const { route } = declared;
  // Public routes are answered before the key's limits are counted, so they carry no rate-limit headers.
  const limits = route.public ? {} : rateLimitHeaders;
  if (route.produces) {
    const types = typeof route.produces === 'string' ? [route.produces] : route.produces;
    return {
      description: `${REASON[declared.status] ?? 'OK'}: the file (${types.map((t) => `\`${t}\``).join(', ')}), named in \`Content-Disposition\`.`,
      headers: { ...limits, 'Content-Disposition': { description: '`attachment; filename=…` (the name quoted when it needs it)', schema: { type: 'string' } } },
      content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
    };
  }
  return { description: REASON[declared.status] ?? 'OK', ...(route.public ? {} : { headers: { ...limits } }), content: { 'application/json': { schema: route.response } } };
}

function routeConfig(declared: DeclaredRoute): RouteConfig {
  const { route, plugin } = declared;
  const path = openApiPath(declared.fullPath);
  // A body whose every field is optional may be left out: the core parses a missing body as `{}`.
  const bodyRequired = route.body ? !route.body.safeParse({}).success : false;
  return {
    method: route.method,
    path: path.path,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [plugin],
    security: route.public ? [] : [{ [SECURITY_SCHEME]: [] }],
    'x-dbsbm-scope': route.public ? 'public' : declared.scope,
    request: {
      ...(route.params ? { params: clientParameters(route.params) } : {}),
      ...(route.query ? { query: clientParameters(route.query) } : {}),
      ...(route.body ? { body: { required: bodyRequired, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: { [String(declared.status)]: successOf(declared), ...errorsOf(declared) },
  };
}

function generate(routes: readonly DeclaredRoute[], info: OpenApiInfo): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registerStandardComponents(registry);
  for (const declared of routes) registry.registerPath(routeConfig(declared));
  return new OpenApiGeneratorV31(registry.definitions, { sortComponents: 'alphabetically' }).generateDocument({ openapi: '3.1.0', info: { ...info } });
}

/** Generates the document, or names the route whose shapes cannot be described (a `z.date()`, a `z.custom()`). */
function generateOrName(routes: readonly DeclaredRoute[], info: OpenApiInfo): OpenApiDocument {
  try {
    return generate(routes, info);
  } catch (err) {
    // When the shared parts alone fail, no route is to blame: that error goes up as it is.
    if (routes.length > 0) generate([], info);
    for (const declared of routes) {
      try {
        generate([declared], info);
      } catch (own) {
        throw new Error(
          `The OpenAPI document cannot describe ${declared.route.method.toUpperCase()} ${declared.fullPath} (operation "${declared.route.operationId}" of plugin "${declared.plugin}"): ${(own as Error).message}. Response and input shapes must use plain JSON types.`,
          { cause: own },
        );
      }
    }
    throw err;
  }
}

type PathItem = NonNullable<OpenApiDocument['paths']>[string];
type Operation = NonNullable<PathItem['get']>;

/** Path parameters the template names but the route's shape does not declare, as plain strings, so the document stays valid. */
function completePathParams(op: Operation, params: readonly string[]): void {
  const have = new Set((op.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'path' ? [p.name] : [])));
  const missing = params.filter((name) => !have.has(name)).map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } }));
  if (missing.length) op.parameters = [...missing, ...(op.parameters ?? [])];
}

function sortedObject<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sortedPathItem(item: PathItem): PathItem {
  const out: Record<string, unknown> = {};
  for (const method of METHOD_ORDER) if (item[method]) out[method] = item[method];
  for (const [key, value] of Object.entries(item)) if (!(key in out)) out[key] = value;
  return out as PathItem;
}

/**
 * The OpenAPI 3.1 document of the deployment's API: every declared route (its shapes, status, scope and standard
 * errors) and every raw route under `/api/v1` as a minimal operation marked `x-dbsbm-undocumented`, so nothing the
 * server answers is missing. Paths, methods, tags and components are sorted: the same routes give the same bytes.
 * @since 1.2.0
 */
export function openApiDocument(routes: readonly DeclaredRoute[], raw: readonly RawRoute[], info: OpenApiInfo): OpenApiDocument {
  const doc = generateOrName(routes, info);
  const paths: Record<string, PathItem> = { ...(doc.paths ?? {}) };
  for (const declared of routes) {
    const { path, params } = openApiPath(declared.fullPath);
    const op = paths[path]?.[declared.route.method];
    if (!op) continue;
    completePathParams(op, params);
    if (declared.route.method === 'post') op.parameters = [...(op.parameters ?? []), idempotencyKeyRef];
  }
  for (const route of raw) {
    const { path, params } = openApiPath(route.path);
    for (const method of rawMethods(route.method)) {
      const item = (paths[path] ??= {});
      // Express runs the declared route first when both match, so a raw route hidden behind one answers nothing.
      if (item[method]) continue;
      item[method] = rawOperation(route.plugin, method, path, params);
    }
  }
  const components = { ...doc.components, schemas: { ...standardSchemas(), ...doc.components?.schemas } };
  const tags = [...new Set([...routes.map((r) => r.plugin), ...raw.map((r) => r.plugin)])]
    .sort()
    .map((name) => ({ name, description: `Routes of the "${name}" plugin: the plugin must be on for the key's server.` }));
  return {
    openapi: doc.openapi,
    info: doc.info,
    // Relative: the document describes whichever deployment serves it.
    servers: [{ url: '/', description: 'This deployment' }],
    tags,
    paths: sortedObject(Object.entries(paths).map(([p, item]) => [p, sortedPathItem(item)])),
    components: sortedObject(Object.entries(components).map(([kind, entries]) => [kind, sortedObject(Object.entries(entries as Record<string, unknown>))])),
  };
}

/** The OpenAPI methods an Express route method stands for (`_all` is every one a client would use). */
function rawMethods(method: string): (typeof METHOD_ORDER)[number][] {
  const m = method.toLowerCase();
  if (m === '_all' || m === 'all') return ['get', 'put', 'post', 'patch', 'delete'];
  return (METHOD_ORDER as readonly string[]).includes(m) ? [m as (typeof METHOD_ORDER)[number]] : [];
}
