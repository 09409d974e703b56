import test from 'ava';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { summary } from '../../../src/plugins/analytics/services/metrics.ts';
import { listReports } from '../../../src/plugins/analytics/services/saved-reports.ts';
import type { ApiContext } from '../../../src/plugins/api/services/context.ts';
import { listKeys } from '../../../src/plugins/api/services/keys.ts';
import { usageReport, type UsageReport } from '../../../src/plugins/api/services/usage-report.ts';
import { listBets } from '../../../src/plugins/betting/services/bet-reads.ts';
import { listCappers } from '../../../src/plugins/betting/services/capper-reads.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { computeStats, leaderboard } from '../../../src/plugins/betting/services/stats.ts';
import type { MlContext } from '../../../src/plugins/ml/services/context.ts';
import { liveAccuracy } from '../../../src/plugins/ml/services/tracking.ts';
import type { WebhooksContext } from '../../../src/plugins/webhooks/services/context.ts';
import { deliveriesPage, endpointsPage } from '../../../src/plugins/webhooks/services/endpoint-pages.ts';
import { issueKey } from '../../helpers/api.ts';
import { startReceiver } from '../webhooks/receiver.ts';
import { startDeployment, type Deployment } from './deployment.ts';
import { graphqlProbes, INTROSPECTION, type IdKind, type IntrospectedSchema } from './graphql-probes.ts';
import { judge, send, type Answer, type ForeignIds, type Marker, type Probe } from './leak-scan.ts';
import { restProbes, type BodyOf } from './rest-probes.ts';
import { seedWorld, type Market, type ServerData } from './world.ts';

// Broken Object Level Authorization: server A's write key, given server B's ids everywhere an id goes — every declared
// route's path parameters, list filters and body fields, the same through POST /api/v1/batch and every GraphQL field,
// and raw routes' :guildId — must get nothing of B's: no marker of B in any answer, B's ids answered exactly as ids that
// never existed, and B's data unchanged. Routes, filters and GraphQL fields are enumerated from the app, not listed
// here: a new one is probed as soon as it exists, and one whose id name the suite does not know fails it.

const MEMBER_OF_BOTH = '1430000000000000009';
const A_SPEC = { guildId: '1400000000000000001', label: 'alpha-3c9d', bettors: ['1410000000000000001', '1410000000000000002'] as [string, string], keyUser: MEMBER_OF_BOTH };
// B's second bettor is also a member of A, and creates the keys of both servers: the sharpest case (their own bet, in B).
const B_SPEC = { guildId: '1400000000000000002', label: 'bravo-7f3a', bettors: ['1420000000000000001', MEMBER_OF_BOTH, '1420000000000000002'] as [string, string, string], keyUser: MEMBER_OF_BOTH, predictFinals: true };
const B_GREETING = 'Bravo-only greeting 5e1f';
const IDEMPOTENCY_KEY = 'bola-same-idempotency-key-0001';
const idempotentBody = () => ({ gameId: market.open[1], market: 'h2h', selection: 'draw', units: 1 });

/** Valid bodies of the write routes whose body names something by id. */
const BODIES: Record<string, BodyOf> = {
  createAnalyticsExport: (set) => ({ format: 'csv', ...(set ? { [set.field]: set.field === 'reportId' ? Number(set.value) : set.value } : {}) }),
};

let deployment: Deployment;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let market: Market;
let a: ServerData;
let b: ServerData;
let kinds: Record<string, IdKind>;
let markers: Marker[];
let foreign: ForeignIds;
let sentinel: { key: string; id: number };
let before: unknown;
let requests = 0;
const leaks: string[] = [];

const ctxOf = <T>(plugin: string): T => deployment.app.contextOf(plugin) as unknown as T;
const declaredRoutes = () => deployment.app.contextOf('api')!.endpoints.routes();

/** Waits until the API usage of every call made so far is written: a call with a key of its own, then its row. */
async function usageWritten(): Promise<void> {
  const api = ctxOf<ApiContext>('api');
  const rows = async () => Number((await api.data.get<{ n: number }>('select count(*) as n from api_usage where key_id = ?', [sentinel.id]))!.n);
  const seen = await rows();
  await send(deployment.app, sentinel.key, { method: 'GET', path: '/api/v1/usage' });
  // The writer flushes its buffer in order: once this row is written, every earlier one is.
  for (let i = 0; i < 500 && (await rows()) === seen; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if ((await rows()) === seen) throw new Error('API usage was not written within 10 s');
}

/** A usage report with its endpoints in a fixed order (the report orders by calls only, ties in any order). */
const byEndpoint = (report: UsageReport): UsageReport => ({ ...report, endpoints: [...report.endpoints].sort((x, y) => `${x.method} ${x.endpoint}`.localeCompare(`${y.method} ${y.endpoint}`)) });

/** Everything of B the services show, to compare before and after A's attempts. */
async function stateOfB(): Promise<unknown> {
  const betting = ctxOf<BettingContext>('betting');
  const webhooks = ctxOf<WebhooksContext>('webhooks');
  const analytics = ctxOf<AnalyticsContext>('analytics');
  const api = ctxOf<ApiContext>('api');
  const ml = ctxOf<MlContext>('ml');
  const guildId = b.guildId;
  const all = { order: 'asc' as const, after: null, limit: 1000 };
  const endpoints = (await endpointsPage(webhooks, guildId, { afterId: null, limit: 100 })).data;
  const state = {
    bets: await listBets(betting.em(), { guildId }, all),
    stats: await computeStats(betting, { guildId, period: 'all' }),
    leaderboard: await leaderboard(betting, guildId, 'net', 'all', Date.now(), 100),
    cappers: await listCappers(betting.em(), guildId, all),
    endpoints,
    deliveries: await Promise.all(endpoints.map((e) => deliveriesPage(webhooks, guildId, e.id, { beforeId: null, limit: 1000 }))),
    reports: await listReports(analytics, guildId),
    summary: await summary(analytics, { guildId, period: 'all' }),
    keys: await listKeys(api, guildId),
    usage: byEndpoint(await usageReport(api, guildId, 0, 4_102_444_800_000)),
    accuracy: await liveAccuracy(ml, guildId),
    predictions: await ml.em().getConnection().execute('select id, game_id, user_id, created_at from ml_predictions where guild_id = ? order by id', [guildId]),
    hello: await deployment.app.settings.view(guildId, 'hello'),
  };
  return JSON.parse(JSON.stringify(state)) as unknown;
}

test.before(async () => {
  deployment = await startDeployment();
  receiver = await startReceiver();
  const world = await seedWorld(deployment.app, [A_SPEC, B_SPEC], receiver.url);
  market = world.market;
  [a, b] = world.servers as [ServerData, ServerData];
  const betting = ctxOf<BettingContext>('betting');
  // An A bet that names one of B's bets as its source (as an import could): GraphQL follows that link as A.
  await placeStraight(betting, { guildId: a.guildId, userId: a.bettors[1]!, interactionId: 'bola:tail-of-b', gameId: market.own[a.label]!, market: 'h2h', selection: 'away', units: 1, source: { betId: b.settledBetIds[0]!, kind: 'tail' } });
  await deployment.app.settings.set(b.guildId, 'hello', 'greeting', B_GREETING);
  // B's key places a bet with an Idempotency-Key that A's key sends later with the same body.
  const idem = await send(deployment.app, b.key, { method: 'POST', path: '/api/v1/betting/bets', body: idempotentBody(), headers: { 'idempotency-key': IDEMPOTENCY_KEY } });
  if (idem.status !== 201) throw new Error(`B's idempotent bet answered ${idem.status}: ${JSON.stringify(idem.body)}`);
  const bBets = [...b.betIds, (idem.body as { id: number }).id];

  const onlyB = b.bettors.filter((u) => !a.bettors.includes(u) && u !== a.keyUser);
  kinds = {
    betId: { kind: 'bet', object: true, secret: bBets.map(String), shared: [], fresh: '987650001' },
    endpointId: { kind: 'webhook endpoint', object: true, secret: [String(b.endpointId)], shared: [], fresh: '987650002' },
    reportId: { kind: 'saved report', object: true, secret: [String(b.reportId)], shared: [], fresh: '987650003' },
    // Games are market data every server shares: B's own game (only B bets on it) must show no bet of B's.
    gameId: { kind: 'game', object: true, secret: [], shared: [String(market.own[b.label])], fresh: '987650004' },
    guildId: { kind: 'server', object: true, secret: [b.guildId], shared: [], fresh: '1499999999999999999' },
    // B's members; the member of both servers is A's too, so only what A holds of them may come back.
    userId: { kind: 'member', object: false, secret: onlyB, shared: [MEMBER_OF_BOTH], fresh: '1488888888888888888' },
    capper: { kind: 'member', object: false, secret: onlyB, shared: [MEMBER_OF_BOTH], fresh: '1488888888888888888' },
  };
  markers = [
    { what: 'server id', value: b.guildId },
    ...onlyB.map((value) => ({ what: 'member id', value })),
    { what: 'webhook URL', value: b.endpointUrl },
    { what: 'webhook signing secret', value: b.endpointSecret },
    ...b.deliveryMessageIds.map((value) => ({ what: 'webhook delivery id', value })),
    { what: 'saved report name', value: b.reportName },
    { what: 'capper name', value: b.capperName },
    { what: 'API key', value: b.key },
    { what: 'API key last 4', value: b.keyLast4, token: true },
    { what: 'hello greeting', value: B_GREETING },
  ];
  foreign = { bets: new Set(bBets), endpoints: new Set([b.endpointId]), reports: new Set([b.reportId]) };

  // B reads its own data first, through every read route and GraphQL field: a cache that forgot whose answer it
  // keeps would then hand it to A.
  const intro = await send(deployment.app, b.key, { method: 'POST', path: '/api/v1/graphql', body: { query: INTROSPECTION } });
  const warm = [
    ...restProbes(declaredRoutes(), kinds, BODIES).probes.filter((p) => p.attack.method === 'GET'),
    ...graphqlProbes((intro.body as { data: { __schema: IntrospectedSchema } }).data.__schema, kinds).probes.filter((p) => JSON.stringify(p.attack.body).includes('"query {')),
  ];
  for (const probe of warm) await send(deployment.app, b.key, probe.attack);

  const sentinelKey = await issueKey(deployment.app, a.guildId, { scope: 'read', name: 'bola usage sentinel' });
  sentinel = { key: sentinelKey, id: (await listKeys(ctxOf<ApiContext>('api'), a.guildId)).find((k) => k.name === 'bola usage sentinel')!.id };
  await usageWritten();
  before = await stateOfB();
});
test.after.always(async () => {
  await receiver?.close();
  await deployment?.close();
});

/** Sends each probe (and its control) with A's key and notes what is wrong. */
async function attempt(probes: readonly Probe[]): Promise<string[]> {
  const found: string[] = [];
  for (const probe of probes) {
    const attack = await send(deployment.app, a.key, probe.attack);
    const control = probe.control ? await send(deployment.app, a.key, probe.control) : undefined;
    requests += control ? 2 : 1;
    found.push(...judge(probe, attack, control, markers, foreign));
  }
  leaks.push(...found);
  return found;
}

test.serial('every declared route, given B’s ids in path parameters, list filters and body fields, answers as for ids that never existed', async (t) => {
  const { probes, unknown } = restProbes(declaredRoutes(), kinds, BODIES);
  t.deepEqual(unknown, [], 'these routes take ids the suite does not know: map each name in `kinds` (or add a body to BODIES)');
  // Every route with a path parameter is among them, with each of B's ids of its kind.
  for (const r of declaredRoutes().filter((d) => d.fullPath.includes(':'))) t.true(probes.some((p) => p.label.startsWith(`${r.route.method.toUpperCase()} ${r.fullPath} `)), r.fullPath);
  t.true(probes.length > 40);
  t.deepEqual(await attempt(probes), []);
});

test.serial('the same attempts through POST /api/v1/batch', async (t) => {
  const { probes } = restProbes(declaredRoutes(), kinds, BODIES);
  const found: string[] = [];
  // An attempt and its control side by side in one batch; at most 100 operations a batch.
  for (let i = 0; i < probes.length; i += 50) {
    const chunk = probes.slice(i, i + 50);
    const operations = chunk.flatMap((p) => [p.attack, ...(p.control ? [p.control] : [])]).map((c) => ({ method: c.method, path: c.path, ...(c.body ? { body: c.body } : {}) }));
    const batch = { method: 'POST', path: '/api/v1/batch', body: { operations } };
    const res = await send(deployment.app, a.key, batch);
    requests += operations.length;
    t.is(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    found.push(...judge({ label: 'POST /api/v1/batch', attack: batch, swaps: [] }, { ...res, body: '' }, undefined, markers, foreign));
    const results = (res.body as { results: { status: number; body: unknown }[] }).results;
    let at = 0;
    for (const probe of chunk) {
      const attack: Answer = { status: results[at]!.status, body: results[at]!.body, headers: {} };
      const control: Answer | undefined = probe.control ? { status: results[at + 1]!.status, body: results[at + 1]!.body, headers: {} } : undefined;
      at += control ? 2 : 1;
      found.push(...judge({ ...probe, label: `batch ${probe.label}` }, attack, control, markers, foreign));
    }
  }
  leaks.push(...found);
  t.deepEqual(found, []);
});

test.serial('every GraphQL field taking an id, given B’s ids, and every query field with its link fields, shows nothing of B', async (t) => {
  const intro = await send(deployment.app, a.key, { method: 'POST', path: '/api/v1/graphql', body: { query: INTROSPECTION } });
  const schema = (intro.body as { data: { __schema: IntrospectedSchema } }).data.__schema;
  const { probes, unknown } = graphqlProbes(schema, kinds);
  t.deepEqual(unknown, [], 'these GraphQL arguments name ids the suite does not know: map each name in `kinds`');
  for (const field of ['bet', 'cancelBet', 'webhookEndpoint', 'webhookDeliveries', 'deleteWebhookEndpoint', 'bets', 'bettingStats', 'analyticsSummary']) {
    t.true(probes.some((p) => p.label.startsWith(`GraphQL ${field}(`)), field);
  }
  // The link from A's bet to the B bet it names as its source is followed, as A.
  const linked = probes.find((p) => p.label === 'GraphQL bets')!;
  t.regex(JSON.stringify(linked.attack.body), /source \{ betId kind bet \{/);
  t.deepEqual(await attempt(probes), []);
  const followed = await send(deployment.app, a.key, linked.attack);
  const tail = (followed.body as { data: { bets: { data: { source: { betId: number; bet: unknown } | null }[] } } }).data.bets.data.find((x) => x.source?.betId === b.settledBetIds[0]);
  t.truthy(tail, 'A’s bet with a source in B is on the first page');
  t.is(tail!.source!.bet, null);
});

test.serial('raw routes given B’s :guildId answer as for a server that does not exist', async (t) => {
  const raw = deployment.app.contextOf('api')!.endpoints.rawRoutes();
  const unknown = raw.flatMap((r) => [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => !kinds[n] || !kinds[n]!.secret.length).map((n) => `${r.method} ${r.path}: ${n}`));
  t.deepEqual(unknown, [], 'map each parameter of these raw routes in `kinds`');
  // A raw route without a parameter (the live stream) names no server: the key's own is the only one it serves.
  const probes: Probe[] = raw.filter((r) => r.path.includes(':')).map((r) => {
    const fill = (pick: (k: IdKind) => string) => r.path.replace(/:(\w+)/g, (_, n: string) => pick(kinds[n]!));
    return {
      label: `raw ${r.method.toUpperCase()} ${r.path}`,
      attack: { method: r.method.toUpperCase(), path: fill((k) => k.secret[0]!) },
      control: { method: r.method.toUpperCase(), path: fill((k) => k.fresh) },
      swaps: r.path.match(/:(\w+)/g)!.map((m): [string, string] => [kinds[m.slice(1)]!.secret[0]!, kinds[m.slice(1)]!.fresh]),
      notFound: (answer) => answer.status === 404,
    };
  });
  t.true(probes.some((p) => p.label.includes('/hello/guilds/:guildId/greetings')));
  t.deepEqual(await attempt(probes), []);
});

test.serial('an Idempotency-Key B used is A’s own: A’s request places A’s bet, it does not replay B’s answer', async (t) => {
  const call = { method: 'POST', path: '/api/v1/betting/bets', body: idempotentBody(), headers: { 'idempotency-key': IDEMPOTENCY_KEY } };
  const answer = await send(deployment.app, a.key, call);
  requests++;
  const found = judge({ label: 'POST /api/v1/betting/bets with B’s Idempotency-Key', attack: call, swaps: [] }, answer, undefined, markers, foreign);
  leaks.push(...found);
  t.deepEqual(found, []);
  t.is(answer.status, 201, JSON.stringify(answer.body));
  t.false('idempotent-replayed' in answer.headers);
  const placed = answer.body as { id: number; userId: string };
  t.is(placed.userId, MEMBER_OF_BOTH);
  const inA = await listBets(ctxOf<BettingContext>('betting').em(), { guildId: a.guildId, gameId: market.open[1] }, { order: 'desc', after: null, limit: 100 });
  t.true(inA.some((x) => x.bet.id === placed.id), 'the bet is A’s');
});

test.serial('A’s figures count A’s records only, for the member of both servers too', async (t) => {
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const call = { method: 'GET', path };
    const answer = await send(deployment.app, a.key, call);
    requests++;
    const found = judge({ label: `GET ${path}`, attack: call, swaps: [] }, answer, undefined, markers, foreign);
    leaks.push(...found);
    t.deepEqual(found, []);
    t.is(answer.status, 200, path);
    return answer.body as Record<string, unknown>;
  };
  // The member of both has settled bets in B only: in A they have none.
  t.like(await get(`/api/v1/betting/stats?userId=${MEMBER_OF_BOTH}&period=all`), { userId: MEMBER_OF_BOTH, bets: 0, wins: 0, losses: 0 });
  t.like(await get('/api/v1/betting/stats?period=all'), { bets: a.settledBetIds.length });
  t.not(a.settledBetIds.length, b.settledBetIds.length, 'the servers’ records differ, so a mix-up shows');
  const board = (await get('/api/v1/betting/leaderboard?metric=bets&period=all')) as { entries: { userId: string }[] };
  t.deepEqual(board.entries.map((e) => e.userId).sort(), [...a.bettors].sort());
  t.like(await get('/api/v1/analytics/summary?period=all'), { bets: a.settledBetIds.length, activeMembers: a.bettors.length });
  t.like(await get(`/api/v1/analytics/summary?period=all&capper=${MEMBER_OF_BOTH}`), { bets: 0 });
  // B's shown predictions of the finished games are scored; A showed none of them.
  t.like(await get('/api/v1/ml/accuracy'), { scope: 'server', games: 0 });
  t.like(await liveAccuracy(ctxOf<MlContext>('ml'), b.guildId), { games: 2 });
  const bets = (await get('/api/v1/betting/bets?limit=100')) as { data: { id: number }[] };
  t.true(bets.data.length >= a.betIds.length && bets.data.every((x) => !foreign.bets.has(x.id)));
  const ids = (body: Record<string, unknown>) => (body.data as { id: number }[]).map((x) => x.id);
  t.deepEqual(ids(await get('/api/v1/webhooks/endpoints')), [a.endpointId]);
  t.deepEqual(ids(await get('/api/v1/analytics/reports')), [a.reportId]);
});

test.serial('nothing of B changed, and no answer showed anything of B', async (t) => {
  await usageWritten();
  t.deepEqual(await stateOfB(), before, 'B’s data changed while only A’s key was used');
  t.log(`bola: ${requests} requests, ${leaks.length} leaks`);
  t.deepEqual(leaks, []);
});

test.serial('the suite sees B’s data when B’s own key asks the same: it would catch a leak', async (t) => {
  // Last: B's own reads record usage and shown predictions in B.
  const rest = restProbes(declaredRoutes(), kinds, BODIES).probes;
  const intro = await send(deployment.app, b.key, { method: 'POST', path: '/api/v1/graphql', body: { query: INTROSPECTION } });
  const graphql = graphqlProbes((intro.body as { data: { __schema: IntrospectedSchema } }).data.__schema, kinds).probes;
  const reads = [...rest.filter((p) => p.attack.method === 'GET'), ...graphql.filter((p) => JSON.stringify(p.attack.body).includes('"query {'))].filter((p) => p.control);
  const raw: Probe = { label: 'raw hello', attack: { method: 'GET', path: `/api/v1/hello/guilds/${b.guildId}/greetings` }, swaps: [] };
  const unseen: string[] = [];
  for (const probe of [...reads, raw]) {
    const attack = await send(deployment.app, b.key, probe.attack);
    const control = probe.control ? await send(deployment.app, b.key, probe.control) : undefined;
    if (judge(probe, attack, control, markers, foreign).length === 0) unseen.push(probe.label);
  }
  t.true(reads.length >= 15);
  t.deepEqual(unseen, [], 'with B’s own key these answers show B’s data, yet the judge saw nothing');
  // A bet of B found by its shape alone, although its member is A's too and nothing else of B's is in it.
  const shaped: Answer = { status: 200, body: { data: [{ id: b.cancellableBetId, userId: MEMBER_OF_BOTH, legs: [], toWin: 1 }] }, headers: {} };
  t.notDeepEqual(judge({ label: 'shape', attack: { method: 'GET', path: '/api/v1/betting/bets' }, swaps: [] }, shaped, undefined, markers, foreign), []);
});
