import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DeclaredRoute } from 'dbsbm';
import { createDbsbmClient, type DbsbmClient } from '../../packages/sdk/src/index.ts';
import { startDeployment, type Deployment } from '../plugins/api/deployment.ts';
import { seedWorld, type Market, type ServerData } from '../plugins/api/world.ts';
import { startReceiver } from '../plugins/webhooks/receiver.ts';

// Every operation of the committed SDK, called through the generated client against the real deployment (the plugins
// of plugins.config.ts), each answering its documented success status with a body of its route's own shape. The list
// of operations comes from packages/sdk/openapi.json (and the running app's document): an operation this file does
// not call fails the last test, so a new route cannot ship without an SDK call here.

interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI template, `/api/v1/betting/bets/{betId}`. */
  path: string;
  /** The documented 2xx status; `default` for a raw route that documents none. */
  success: string;
  undocumented: boolean;
  matcher: RegExp;
}

type OpenApiPaths = Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown>; 'x-dbsbm-undocumented'?: boolean }>>;

function operationsOf(doc: { paths?: OpenApiPaths }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !op.operationId) continue;
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.find((s) => /^2\d\d$/.test(s)) ?? 'default';
      const pattern = path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
      out.push({ operationId: op.operationId, method: method.toUpperCase(), path, success, undocumented: op['x-dbsbm-undocumented'] === true, matcher: new RegExp(`^${pattern}$`) });
    }
  }
  return out;
}

const GUILD = '1300000000000000001';
const KEY_USER = '1330000000000000009';

let deployment: Deployment;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let server: ServerData;
let market: Market;
let client: DbsbmClient;
let operations: Operation[];
let routes: readonly DeclaredRoute[];
/** What each operation answered, from the client's own requests. */
const answered = new Map<string, number[]>();
let lastOperation = '';

/** The operation a request of the client reaches: a literal path before a template, as the router matches. */
function operationAt(method: string, pathname: string): Operation | undefined {
  const candidates = operations.filter((o) => o.method === method && o.matcher.test(pathname));
  return candidates.find((o) => !o.path.includes('{')) ?? candidates[0];
}

/** Sends a request of a client and notes which operation it reached and what it answered. */
async function recordAndFetch(request: Request): Promise<Response> {
  const res = await fetch(request);
  const { pathname } = new URL(request.url);
  const op = operationAt(request.method, pathname);
  lastOperation = op?.operationId ?? `${request.method} ${pathname}`;
  if (op) answered.set(op.operationId, [...(answered.get(op.operationId) ?? []), res.status]);
  return res;
}

test.before(async () => {
  const committed = operationsOf(JSON.parse(await readFile(new URL('../../packages/sdk/openapi.json', import.meta.url), 'utf8')) as { paths?: OpenApiPaths });
  deployment = await startDeployment();
  receiver = await startReceiver();
  // The running app's document too: a route the committed SDK lacks (npm run sdk not run yet) is still called for.
  const live = operationsOf((await (await fetch(`${deployment.url}/api/v1/openapi.json`)).json()) as { paths?: OpenApiPaths });
  operations = [...committed, ...live.filter((l) => !committed.some((c) => c.operationId === l.operationId))];
  routes = deployment.app.contextOf('api')!.endpoints.routes();
  const world = await seedWorld(deployment.app, [{ guildId: GUILD, label: 'sdk-world', bettors: ['1310000000000000001', '1310000000000000002'], keyUser: KEY_USER, predictFinals: true }], receiver.url);
  server = world.servers[0]!;
  market = world.market;
  client = createDbsbmClient({
    baseUrl: deployment.url,
    apiKey: server.key,
    fetch: recordAndFetch,
  });
});
test.after.always(async () => {
  await receiver?.close();
  await deployment?.close();
});

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Checks that a call reached `operationId` and answered its documented success status with a body its route's
 * response shape reads as is (no field missing, none undeclared); returns the body.
 */
async function expectOk<T>(t: ExecutionContext, operationId: string, call: Promise<Answer<T>>): Promise<T> {
  const res = await call;
  t.is(lastOperation, operationId, 'the call reached another operation than the one named');
  const op = operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`${operationId} is not an operation of packages/sdk/openapi.json`);
  const want = op.success === 'default' ? 200 : Number(op.success);
  t.is(res.response.status, want, `${operationId} answered ${res.response.status}: ${JSON.stringify(res.error)}`);
  const declared = routes.find((r) => r.route.operationId === operationId);
  if (op.undocumented) t.falsy(declared, `${operationId} is marked undocumented but is declared`);
  else if (!declared) t.fail(`${operationId} is in the document but no plugin declares it`);
  else if (!declared.route.produces) t.deepEqual(declared.route.response.parse(res.data), res.data as unknown, `${operationId}: the body is not exactly of its route's response shape`);
  return res.data as T;
}

test.serial('betting: games, bets, a straight bet and a parlay placed and one cancelled, stats, leaderboard and cappers', async (t) => {
  const games = await expectOk(t, 'listGames', client.GET('/api/v1/betting/games', { params: { query: { limit: 50, sort: 'kickoff' } } }));
  t.true(market.open.every((id) => games.data.some((g) => g.id === id)));
  const game = await expectOk(t, 'getGame', client.GET('/api/v1/betting/games/{gameId}', { params: { path: { gameId: market.open[0] } } }));
  t.is(game.label, 'Liverpool v Brentford');
  t.deepEqual(game.markets.map((m) => m.market), ['h2h', 'totals']);

  const bets = await expectOk(t, 'listBets', client.GET('/api/v1/betting/bets', { params: { query: { limit: 100 } } }));
  t.deepEqual(bets.data.map((b) => b.id).sort((a, b) => a - b), [...server.betIds].sort((a, b) => a - b));
  const parlay = await expectOk(t, 'getBet', client.GET('/api/v1/betting/bets/{betId}', { params: { path: { betId: server.parlayId } } }));
  t.like(parlay, { id: server.parlayId, type: 'parlay', status: 'pending' });
  t.deepEqual(parlay.legs.map((l) => l.gameId), market.open);

  const placed = await expectOk(
    t,
    'placeBet',
    client.POST('/api/v1/betting/bets', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { gameId: market.open[1], market: 'h2h', selection: 'away', units: 1 } }),
  );
  t.like(placed, { userId: KEY_USER, type: 'game_line', status: 'pending', gameId: market.open[1], selection: 'away', units: 1 });
  const cancelled = await expectOk(t, 'cancelBet', client.POST('/api/v1/betting/bets/{betId}/cancel', { params: { path: { betId: placed.id } } }));
  t.like(cancelled, { id: placed.id, status: 'cancelled' });
  const parlayPlaced = await expectOk(
    t,
    'placeParlay',
    client.POST('/api/v1/betting/parlays', {
      body: {
        units: 1,
        legs: [
          { gameId: market.open[0], market: 'h2h', selection: 'draw' },
          { gameId: market.open[1], market: 'totals', selection: 'under', line: 2.5 },
        ],
      },
    }),
  );
  t.like(parlayPlaced, { userId: KEY_USER, type: 'parlay', status: 'pending', gameId: null });
  t.is(parlayPlaced.legs.length, 2);

  const stats = await expectOk(t, 'getBettingStats', client.GET('/api/v1/betting/stats', { params: { query: { period: 'all' } } }));
  t.like(stats, { userId: null, period: 'all', bets: 4, wins: 2, losses: 2 });
  const mine = await expectOk(t, 'getBettingStats', client.GET('/api/v1/betting/stats', { params: { query: { userId: server.bettors[0], period: 'all' } } }));
  t.like(mine, { userId: server.bettors[0], bets: 2, wins: 1, losses: 1 });
  const board = await expectOk(t, 'getBettingLeaderboard', client.GET('/api/v1/betting/leaderboard', { params: { query: { metric: 'bets', period: 'all' } } }));
  t.deepEqual(board.entries.map((e) => e.userId).sort(), [...server.bettors].sort());
  const cappers = await expectOk(t, 'listCappers', client.GET('/api/v1/betting/cappers', { params: { query: { limit: 10 } } }));
  t.deepEqual(cappers.data.map((c) => [c.userId, c.displayName]), [[server.bettors[0], server.capperName]]);
});

test.serial('ML: predictions listed and of one game, value bets and live accuracy of the predictions shown', async (t) => {
  const list = await expectOk(t, 'listMlPredictions', client.GET('/api/v1/ml/predictions', { params: { query: { limit: 10 } } }));
  t.true(list.data.some((p) => p.gameId === market.open[0]));
  const one = await expectOk(t, 'getMlPrediction', client.GET('/api/v1/ml/predictions/{gameId}', { params: { path: { gameId: market.open[0] } } }));
  t.like(one, { gameId: market.open[0], label: 'Liverpool v Brentford', league: 'premier-league' });
  t.true(Math.abs(one.model.home + one.model.draw + one.model.away - 1) < 1e-6);
  const value = await expectOk(t, 'listMlValueBets', client.GET('/api/v1/ml/value-bets'));
  t.true(value.scanned >= 1);
  const accuracy = await expectOk(t, 'getMlAccuracy', client.GET('/api/v1/ml/accuracy', { params: { query: { everywhere: false } } }));
  // Both finished games were predicted (and shown) before they finished.
  t.like(accuracy, { scope: 'server', games: 2 });
});

test.serial('analytics: the summary, saved reports and a saved report exported as a file', async (t) => {
  const summary = await expectOk(t, 'getAnalyticsSummary', client.GET('/api/v1/analytics/summary', { params: { query: { period: 'all' } } }));
  t.like(summary, { filter: { period: 'all', sport: null, league: null, capper: null, betType: null }, from: null, bets: 4, wins: 2, losses: 2, activeMembers: 2 });
  const reports = await expectOk(t, 'listAnalyticsReports', client.GET('/api/v1/analytics/reports', { params: { query: { limit: 10 } } }));
  t.deepEqual(reports.data.map((r) => [r.id, r.name]), [[server.reportId, server.reportName]]);
  const res = await client.POST('/api/v1/analytics/exports', { body: { format: 'csv', reportId: server.reportId }, parseAs: 'blob' });
  // Typed as the document's `string` (binary); asked for with parseAs: 'blob', it is a Blob.
  const file = (await expectOk(t, 'createAnalyticsExport', Promise.resolve(res))) as unknown as Blob;
  // Quoted only when the name needs it (Express's `res.attachment`).
  t.regex(res.response.headers.get('content-disposition') ?? '', /^attachment; filename="?sdk-world-weekly-report-[\d-]+\.csv"?$/);
  t.regex(await file.text(), /^\uFEFF?[^\n]*Bets/);
  t.true(file instanceof Blob && file.size > 0);
});

test.serial('notifications: the channel per type set and read, an announcement, delivery figures', async (t) => {
  const channelId = '123456789012345678';
  const set = await expectOk(t, 'setNotificationRoutes', client.PATCH('/api/v1/notifications/routes', { body: { custom: channelId, bet_result: null } }));
  t.deepEqual(set, { custom: channelId });
  t.deepEqual(await expectOk(t, 'getNotificationRoutes', client.GET('/api/v1/notifications/routes')), { custom: channelId });
  const sent = await expectOk(t, 'sendNotificationAnnouncement', client.POST('/api/v1/notifications/announcements', { body: { title: 'Cup final', body: 'Tonight at 8' } }));
  t.is(sent.members, 0);
  const stats = await expectOk(t, 'getNotificationStats', client.GET('/api/v1/notifications/stats', { params: { query: { days: 7 } } }));
  t.true(Array.isArray(stats.data));
});

test.serial('webhooks: endpoints listed, one added on an allowed loopback host, read and removed; deliveries of the seeded one', async (t) => {
  const list = await expectOk(t, 'listWebhookEndpoints', client.GET('/api/v1/webhooks/endpoints', { params: { query: { limit: 10 } } }));
  t.deepEqual(list.data.map((e) => [e.id, e.url]), [[server.endpointId, server.endpointUrl]]);
  const created = await expectOk(t, 'createWebhookEndpoint', client.POST('/api/v1/webhooks/endpoints', { body: { url: `${receiver.url}/sdk-made`, events: ['bet.settled'], format: 'standard' } }));
  t.regex(created.secret, /^whsec_/);
  t.like(created, { url: `${receiver.url}/sdk-made`, events: ['bet.settled'], active: true });
  const read = await expectOk(t, 'getWebhookEndpoint', client.GET('/api/v1/webhooks/endpoints/{endpointId}', { params: { path: { endpointId: created.id } } }));
  t.is(read.id, created.id);
  t.false(JSON.stringify(read).includes(created.secret));
  const deliveries = await expectOk(
    t,
    'listWebhookDeliveries',
    client.GET('/api/v1/webhooks/endpoints/{endpointId}/deliveries', { params: { path: { endpointId: server.endpointId }, query: { limit: 50 } } }),
  );
  t.true(deliveries.data.length > 0);
  t.true(deliveries.data.every((d) => d.endpointId === server.endpointId && server.deliveryMessageIds.includes(d.messageId)));
  t.true(deliveries.data.some((d) => d.eventType === 'bet.placed' && d.outcome === 'delivered'));
  const removed = await expectOk(t, 'deleteWebhookEndpoint', client.DELETE('/api/v1/webhooks/endpoints/{endpointId}', { params: { path: { endpointId: created.id } } }));
  t.deepEqual(removed, { id: created.id, deleted: true });
});

test.serial('the API itself: the document, usage, a batch, GraphQL over POST and GET, and the raw route of the hello plugin', async (t) => {
  const anyone = createDbsbmClient({ baseUrl: deployment.url, fetch: recordAndFetch });
  const doc = await expectOk(t, 'getOpenApiDocument', anyone.GET('/api/v1/openapi.json'));
  t.is(doc.openapi, '3.1.0');
  const usage = await expectOk(t, 'getUsage', client.GET('/api/v1/usage', { params: { query: { days: 7 } } }));
  t.true(Date.parse(usage.to) > Date.parse(usage.from));

  const batch = await expectOk(
    t,
    'batch',
    client.POST('/api/v1/batch', {
      body: {
        operations: [
          { method: 'GET', path: `/api/v1/betting/bets/${server.parlayId}` },
          { method: 'GET', path: '/api/v1/webhooks/endpoints?limit=5' },
        ],
      },
    }),
  );
  t.deepEqual(batch.results.map((r) => r.status), [200, 200]);
  t.like(batch.results[0]!.body as object, { id: server.parlayId, type: 'parlay' });

  const query = `{ bet(betId: ${server.parlayId}) { id type legs { gameId game { label } } } bets(first: 3, status: settled) { data { id status game { label } } hasMore } }`;
  const posted = await expectOk(t, 'graphql', client.POST('/api/v1/graphql', { body: { query } }));
  t.is(posted.errors, undefined, JSON.stringify(posted.errors));
  t.like(posted.data as object, { bet: { id: server.parlayId, type: 'parlay', legs: [{ gameId: market.open[0], game: { label: 'Liverpool v Brentford' } }, { gameId: market.open[1] }] } });
  const got = await expectOk(t, 'graphqlGet', client.GET('/api/v1/graphql', { params: { query: { query: 'query($n: Int) { bets(first: $n) { data { id } } }', variables: '{"n":2}' } } }));
  t.is(got.errors, undefined, JSON.stringify(got.errors));
  t.is((got.data as { bets: { data: unknown[] } }).bets.data.length, 2);

  const hello = await expectOk(t, 'rawHelloGetGuildsGuildIdGreetings', client.GET('/api/v1/hello/guilds/{guildId}/greetings', { params: { path: { guildId: GUILD } } }));
  t.like(hello as unknown as object, { guildId: GUILD, greetings: 0, greeting: 'Hello' });
});

test.serial('the live stream: a browser token, a long-poll, and the SSE stream itself (a raw route, read as a stream)', async (t) => {
  await deployment.app.settings.setEnabled(GUILD, 'stream', true);
  const token = await expectOk(t, 'createAccessToken', client.POST('/api/v1/tokens', { body: { ttlSeconds: 300 } }));
  t.regex(token.token, /^dbsbm_st_/);
  const position = await expectOk(t, 'pollStream', client.GET('/api/v1/stream/poll', { params: { query: { topics: 'scores,bets' } } }));
  t.deepEqual(position.events, []);
  // The SSE route declares no query shape (it is raw), so its query is passed as is; the body is read as a stream.
  const res = await client.GET('/api/v1/stream', { params: { query: { topics: 'scores' } } as never, parseAs: 'stream' });
  t.is(res.response.status, 200);
  t.is(lastOperation, 'rawStreamGet');
  t.regex(res.response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = (res.data as unknown as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read();
  t.regex(new TextDecoder().decode(first.value), /retry: 2000/);
  await reader.cancel();
});

test.serial('every operation of the SDK was called and answered its documented success status', (t) => {
  const missing = operations.filter((o) => !answered.has(o.operationId)).map((o) => `${o.operationId} (${o.method} ${o.path})`);
  t.deepEqual(missing, [], 'call each of these through the client in this file');
  for (const op of operations) {
    const want = op.success === 'default' ? 200 : Number(op.success);
    t.true((answered.get(op.operationId) ?? []).includes(want), `${op.operationId} never answered ${want}: ${JSON.stringify(answered.get(op.operationId))}`);
  }
  t.true(operations.length >= 28, 'the document lists the deployment’s operations');
});
