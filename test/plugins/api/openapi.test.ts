import test from 'ava';
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import openapiTS from 'openapi-typescript';
import { z } from 'zod';
import { defineRoute, fileResponse, pageOf, pageQuery, type ApiRoute, type DeclaredRoute } from 'dbsbm';
import { openApiPath } from '../../../src/plugins/api/openapi/express-path.ts';
import { API_INFO, openApiDocument, type OpenApiDocument, type RawRoute } from '../../../src/plugins/api/openapi/index.ts';
import { createDbsbmClient } from '../../../packages/sdk/src/index.ts';
import { issueKey } from '../../helpers/api.ts';
import { startDeployment, type Deployment } from './deployment.ts';

// --- The document from declared routes, without an app ---------------------------------------------------------------

const item = z.object({ id: z.number().int(), name: z.string(), note: z.string().nullable() }).meta({ id: 'OpenApiTestItem' });

/** A route as the core mounts it (`ApiDirectory.add`). */
function declared(plugin: string, route: ApiRoute): DeclaredRoute {
  return {
    plugin,
    route,
    fullPath: route.root ? `/api/v1${route.path}` : `/api/v1/${plugin}${route.path}`,
    scope: route.scope ?? (route.method === 'get' ? 'read' : 'write'),
    status: route.status ?? (route.method === 'post' ? 201 : 200),
  };
}

const noop = async () => {
  throw new Error('not called');
};

const sample: DeclaredRoute[] = [
  declared('things', defineRoute({ method: 'get', path: '/items', operationId: 'listTestItems', summary: 'Items', query: z.object({ ...pageQuery, sort: z.enum(['name', 'id']).default('id'), archived: z.stringbool().default(false).describe('Archived ones too.') }), response: pageOf(item), handler: noop })),
  declared('things', defineRoute({ method: 'get', path: '/items/:itemId', operationId: 'getTestItem', summary: 'One item', params: z.object({ itemId: z.coerce.number().int().positive() }), response: item, handler: noop })),
  declared('things', defineRoute({ method: 'post', path: '/items', operationId: 'createTestItem', summary: 'Add an item', body: z.object({ name: z.string().min(1) }), response: item, handler: noop })),
  declared('things', defineRoute({ method: 'patch', path: '/items/:itemId', operationId: 'renameTestItem', summary: 'Rename', body: z.object({ name: z.string().optional() }), response: item, handler: noop })),
  declared('things', defineRoute({ method: 'get', path: '/items/:itemId/file', operationId: 'exportTestItem', summary: 'As CSV', produces: 'text/csv', graphql: false, response: fileResponse, handler: noop })),
  declared('things', defineRoute({ method: 'get', path: '/status', root: true, public: true, operationId: 'getTestStatus', summary: 'Status', response: z.object({ ok: z.boolean() }), handler: noop })),
];
const sampleRaw: RawRoute[] = [
  { method: 'get', path: '/api/v1/legacy/guilds/:guildId/greetings', plugin: 'legacy' },
  // Hidden behind the declared GET /items of the same path: Express answers with the declared one.
  { method: 'get', path: '/api/v1/things/items', plugin: 'things' },
];
const sampleDoc = openApiDocument(sample, sampleRaw, API_INFO);

type Operation = Record<string, unknown> & { parameters?: Record<string, unknown>[]; responses: Record<string, Record<string, unknown>> };
const operation = (doc: OpenApiDocument, path: string, method: string): Operation => (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method] as Operation;

test('Express paths become OpenAPI path templates, with their parameters', (t) => {
  t.deepEqual(openApiPath('/api/v1/betting/bets/:betId'), { path: '/api/v1/betting/bets/{betId}', params: ['betId'] });
  t.deepEqual(openApiPath('/api/v1/x/:a/y/:b'), { path: '/api/v1/x/{a}/y/{b}', params: ['a', 'b'] });
  t.deepEqual(openApiPath('/api/v1/files/*rest'), { path: '/api/v1/files/{rest}', params: ['rest'] });
  t.deepEqual(openApiPath('/api/v1/x{/:opt}'), { path: '/api/v1/x/{opt}', params: ['opt'] });
  t.deepEqual(openApiPath('/api/v1/openapi.json'), { path: '/api/v1/openapi.json', params: [] });
});

test('a declared route is described with its shapes, status, key scope and the standard errors', (t) => {
  const list = operation(sampleDoc, '/api/v1/things/items', 'get');
  t.is(list.operationId, 'listTestItems');
  t.deepEqual(list.tags, ['things']);
  t.deepEqual(list.security, [{ apiKey: [] }]);
  t.is(list['x-dbsbm-scope'], 'read');
  t.deepEqual(list.parameters!.map((p) => `${String(p.in)}:${String(p.name)}`), ['query:limit', 'query:cursor', 'query:sort', 'query:archived']);
  t.like(list.parameters![0], { required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
  // A `z.stringbool()` is described as the boolean a client sends, not as any string with a boolean default.
  t.like(list.parameters![3], { required: false, schema: { type: 'boolean', default: false, description: 'Archived ones too.' } });
  t.deepEqual(Object.keys(list.responses), ['200', '400', '401', '403', '404', '429', '503']);
  t.deepEqual(list.responses['429'], { $ref: '#/components/responses/TooManyRequests' });
  t.truthy((list.responses['200']!.headers as Record<string, unknown>).RateLimit);

  const one = operation(sampleDoc, '/api/v1/things/items/{itemId}', 'get');
  t.like(one.parameters![0], { in: 'path', name: 'itemId', required: true, schema: { type: 'integer' } });
  t.deepEqual(one.responses['200']!.content, { 'application/json': { schema: { $ref: '#/components/schemas/OpenApiTestItem' } } });

  const create = operation(sampleDoc, '/api/v1/things/items', 'post');
  t.deepEqual(Object.keys(create.responses), ['201', '400', '401', '403', '404', '409', '422', '429', '503']);
  t.deepEqual(create.parameters, [{ $ref: '#/components/parameters/IdempotencyKey' }], 'every POST takes an Idempotency-Key');
  t.like(create.requestBody, { required: true });
  t.is(create['x-dbsbm-scope'], 'write');
  // A body whose fields are all optional may be left out; PATCH takes no Idempotency-Key (the core replays POSTs only).
  const rename = operation(sampleDoc, '/api/v1/things/items/{itemId}', 'patch');
  t.like(rename.requestBody, { required: false });
  t.false(JSON.stringify(rename.parameters).includes('IdempotencyKey'));

  const file = operation(sampleDoc, '/api/v1/things/items/{itemId}/file', 'get');
  t.deepEqual(file.responses['200']!.content, { 'text/csv': { schema: { type: 'string', format: 'binary' } } });
  // The route's shape forgot the path parameter: the document still names it, so it stays valid.
  t.like(file.parameters![0], { in: 'path', name: 'itemId', required: true });

  const status = operation(sampleDoc, '/api/v1/status', 'get');
  t.deepEqual(status.security, [], 'a public route needs no key');
  t.deepEqual(Object.keys(status.responses), ['200', '400', '404', '503']);
});

test('the shared parts: the bearer scheme, the Problem schema and problem+json errors with their headers', (t) => {
  const components = sampleDoc.components as Record<string, Record<string, Record<string, unknown>>>;
  t.like(components.securitySchemes!.apiKey, { type: 'http', scheme: 'bearer' });
  t.regex(String(components.securitySchemes!.apiKey!.description), /dbsbm_…/);
  const problem = components.schemas!.Problem as { properties: Record<string, unknown>; required: string[] };
  t.deepEqual(Object.keys(problem.properties).slice(0, 7), ['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']);
  t.deepEqual(problem.required, ['type', 'title', 'status']);
  for (const name of ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'UnprocessableContent', 'TooManyRequests', 'ServiceUnavailable']) {
    t.deepEqual(components.responses![name]!.content, { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }, name);
  }
  t.deepEqual(Object.keys(components.responses!.TooManyRequests!.headers as object), ['Retry-After', 'RateLimit', 'RateLimit-Policy']);
  t.like(components.parameters!.IdempotencyKey, { name: 'Idempotency-Key', in: 'header', required: false });
});

test('a raw route is a minimal operation marked undocumented, unless a declared route answers its path first', (t) => {
  const raw = operation(sampleDoc, '/api/v1/legacy/guilds/{guildId}/greetings', 'get');
  t.is(raw['x-dbsbm-undocumented'], true);
  t.deepEqual(raw.tags, ['legacy']);
  t.deepEqual(raw.security, [{ apiKey: [] }]);
  t.deepEqual(raw.parameters, [{ name: 'guildId', in: 'path', required: true, schema: { type: 'string' } }]);
  t.is(operation(sampleDoc, '/api/v1/things/items', 'get').operationId, 'listTestItems');
});

test('the same routes in another order give the same bytes', (t) => {
  const again = openApiDocument([...sample].reverse(), [...sampleRaw].reverse(), API_INFO);
  t.is(JSON.stringify(again), JSON.stringify(sampleDoc));
  t.deepEqual(Object.keys(sampleDoc.paths ?? {}), Object.keys(sampleDoc.paths ?? {}).sort());
});

test('a route whose shape cannot be described is named in the error', (t) => {
  const bad = declared('things', defineRoute({ method: 'get', path: '/odd', operationId: 'getOddThing', summary: 'Odd', response: z.object({ at: z.custom<Date>(() => true) }), handler: noop }));
  const err = t.throws(() => openApiDocument([...sample, bad], [], API_INFO));
  t.regex(err.message, /GET \/api\/v1\/things\/odd \(operation "getOddThing" of plugin "things"\)/);
});

// --- The deployment's document --------------------------------------------------------------------------------------

/** What the document lacks of what the app answers under /api/v1: each declared route and each raw route, by method and path. */
function missingFrom(doc: OpenApiDocument, routes: readonly DeclaredRoute[], raw: readonly RawRoute[]): string[] {
  const wanted = [...routes.map((r) => ({ method: r.route.method, path: r.fullPath })), ...raw.map((r) => ({ method: r.method, path: r.path }))];
  return wanted.filter(({ method, path }) => !(doc.paths?.[openApiPath(path).path] as Record<string, unknown> | undefined)?.[method]).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
}

let deployment: Deployment;
test.before(async () => {
  deployment = await startDeployment();
});
test.after.always(async () => {
  await deployment?.close();
});

const served = async (): Promise<OpenApiDocument> => {
  const res = await fetch(`${deployment.url}/api/v1/openapi.json`);
  return (await res.json()) as OpenApiDocument;
};

test.serial('GET /api/v1/openapi.json answers without a key, for anyone', async (t) => {
  const res = await fetch(`${deployment.url}/api/v1/openapi.json`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^application\/json/);
  const doc = (await res.json()) as OpenApiDocument;
  t.is(doc.openapi, '3.1.0');
  t.is(doc.info.title, API_INFO.title);
  // With a key that is not valid it still answers: a public route never looks at the key.
  t.is((await fetch(`${deployment.url}/api/v1/openapi.json`, { headers: { authorization: 'Bearer dbsbm_not_a_key' } })).status, 200);
});

test.serial('the deployment’s document is valid OpenAPI 3.1 (Redocly’s recommended rules, and openapi-typescript reads it)', async (t) => {
  const doc = await served();
  const text = JSON.stringify(doc);
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintDocument({ document: makeDocumentFromString(text, '/openapi.json'), config: config.styleguide, externalRefResolver: new BaseResolver() });
  t.deepEqual(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`), []);
  await t.notThrowsAsync(openapiTS(JSON.parse(text) as Parameters<typeof openapiTS>[0], { silent: true }));
});

test.serial('every declared route and every raw route under /api/v1 is in the document', async (t) => {
  const doc = await served();
  const endpoints = deployment.app.contextOf('api')!.endpoints;
  const routes = endpoints.routes();
  const raw = endpoints.rawRoutes();
  t.true(routes.length > 1, 'the deployment declares routes');
  t.deepEqual(missingFrom(doc, routes, raw), [], 'run the app and compare: each of these answers under /api/v1 but is not in the document');
  for (const r of routes) {
    const op = (doc.paths?.[openApiPath(r.fullPath).path] as Record<string, { operationId?: string }>)[r.route.method]!;
    t.is(op.operationId, r.route.operationId);
  }
  for (const r of raw) t.is((doc.paths?.[openApiPath(r.path).path] as Record<string, Record<string, unknown>>)[r.method]!['x-dbsbm-undocumented'], true, `${r.method} ${r.path}`);

  // The check itself: a document without one of the routes is caught.
  const victim = routes[0]!;
  const partial = structuredClone(doc);
  delete (partial.paths![openApiPath(victim.fullPath).path] as Record<string, unknown>)[victim.route.method];
  t.deepEqual(missingFrom(partial, routes, raw), [`${victim.route.method.toUpperCase()} ${victim.fullPath}`]);
});

test.serial('/api/docs serves the Swagger UI page, within the core’s Content-Security-Policy', async (t) => {
  const bare = await fetch(`${deployment.url}/api/docs`, { redirect: 'manual' });
  t.is(bare.status, 301);
  t.is(bare.headers.get('location'), '/api/docs/');

  const page = await fetch(`${deployment.url}/api/docs/`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  t.true(html.includes('<div id="swagger-ui"></div>'));
  const csp = page.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  t.truthy(nonce, 'the core’s CSP is on the page');
  t.false(csp.includes('unsafe-inline'));
  // Inline styles carry this response's nonce; nothing else is inline (no style attributes, no inline scripts).
  const styles = [...html.matchAll(/<style([^>]*)>/g)].map((m) => m[1]);
  t.true(styles.length > 0);
  for (const attrs of styles) t.is(attrs, ` nonce="${nonce}"`);
  t.false(/\sstyle="/.test(html));
  for (const script of html.matchAll(/<script([^>]*)>/g)) t.regex(script[1]!, /src=["']\.\/[\w.-]+\.js["']/);

  const init = await fetch(`${deployment.url}/api/docs/swagger-ui-init.js`);
  t.is(init.status, 200);
  const js = await init.text();
  t.true(js.includes('"url": "/api/v1/openapi.json"'));
  t.true(js.includes('"layout": "BaseLayout"'));
  const bundle = await fetch(`${deployment.url}/api/docs/swagger-ui-bundle.js`);
  t.is(bundle.status, 200);
  t.regex(bundle.headers.get('content-type') ?? '', /javascript/);
  await bundle.arrayBuffer();
  for (const other of ['package.json', 'index.html', 'swagger-initializer.js', 'oauth2-redirect.html']) t.is((await fetch(`${deployment.url}/api/docs/${other}`)).status, 404, other);
});

test.serial('the SDK reads the document and sends its key', async (t) => {
  const anyone = createDbsbmClient({ baseUrl: `${deployment.url}/` });
  const { data, error } = await anyone.GET('/api/v1/openapi.json');
  t.is(error, undefined);
  t.is(data?.openapi, '3.1.0');

  const guildId = '1400000000000000001';
  await deployment.app.settings.setTier(guildId, 'platinum');
  const key = await issueKey(deployment.app, guildId, { scope: 'read' });
  const sent: string[] = [];
  const withKey = createDbsbmClient({
    baseUrl: deployment.url,
    apiKey: key,
    fetch: (request) => {
      sent.push(request.headers.get('authorization') ?? '');
      return fetch(request);
    },
  });
  const bets = await withKey.GET('/api/v1/betting/bets', { params: { query: { limit: 5 } } });
  t.is(bets.response.status, 200);
  t.deepEqual(bets.data?.data, []);
  t.is(bets.data?.has_more, false);
  t.deepEqual(sent, [`Bearer ${key}`]);

  const stranger = createDbsbmClient({ baseUrl: deployment.url, apiKey: 'dbsbm_not_a_key' });
  const refused = await stranger.GET('/api/v1/betting/bets', { params: { query: { limit: 5 } } });
  t.is(refused.response.status, 401);
  t.is(refused.error?.code, 'API_KEY_INVALID');
});
