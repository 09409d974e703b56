import test from 'ava';
import { z } from 'zod';
import { decodeCursor, definePlugin, defineRoute, fileResponse, HttpProblem, pageFrom, pageOf, pageQuery, Refusal, type ApiPrincipal } from 'dbsbm';
import api from '../../../src/plugins/api/index.ts';
import { assignFieldNames, queryFieldOf } from '../../../src/plugins/api/graphql/names.ts';
import { graphqlEndpoints, graphqlWeight, GraphqlService, type GraphqlCost } from '../../../src/plugins/api/graphql/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../helpers/api.ts';
import { seedGames } from '../betting/seed.ts';

// A small plugin beside betting whose handlers count their calls: what GraphQL runs is then visible, and it has
// the shapes betting lacks (a link that chains to itself, for the depth limit).
const OTHER_GUILD = '1999999999999999902';
const calls = { getFixture: 0, listTips: 0, getScout: 0, getMentor: 0, createTip: 0 };
const resetCalls = (): void => {
  for (const name of Object.keys(calls) as (keyof typeof calls)[]) calls[name] = 0;
};
let guildOfBot = '';
const fixtures = [1, 2, 3, 4, 5, 6].map((id) => ({ id, guildId: id === 6 ? OTHER_GUILD : '', name: id === 6 ? 'Their Secret Derby' : `Fixture ${id}`, status: id < 3 ? ('final' as const) : ('scheduled' as const), kickoff: new Date(Date.UTC(2026, 0, id)).toISOString() }));
const tips: { id: number; fixtureId: number; note: string | null; confidence: number; odds: number; tags: string[]; extra: Record<string, number> }[] = Array.from({ length: 30 }, (_, i) => ({
  id: i + 1,
  fixtureId: (i % 2) + 1,
  note: i % 3 === 0 ? null : `tip ${i + 1}`,
  confidence: (i % 5) + 1,
  odds: 1.5 + i / 10,
  tags: ['value'],
  extra: { edge: i / 100 },
}));
const scouts = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `Scout ${i + 1}`, mentorId: i + 2 <= 12 ? i + 2 : null }));

const fixtureShape = z.object({ id: z.number().int(), name: z.string(), status: z.enum(['scheduled', 'final']), kickoff: z.string().describe('ISO 8601.') }).meta({ id: 'TipsterFixture' });
const tipShape = z
  .object({ id: z.number().int(), fixtureId: z.number().int(), note: z.string().nullable(), confidence: z.number().int(), odds: z.number(), tags: z.array(z.string()), extra: z.record(z.string(), z.number()) })
  .meta({ id: 'TipsterTip' });
const scoutShape = z.object({ id: z.number().int(), name: z.string(), mentorId: z.number().int().nullable() }).meta({ id: 'TipsterScout' });
const idParam = (name: string) => z.object({ [name]: z.coerce.number().int().positive() });

const tipster = definePlugin({
  name: 'tipster',
  version: '1.0.0',
  tier: 'free',
  endpoints: (pluginCtx) => [
    // The api plugin declares the GraphQL endpoint; where it does not (yet), this plugin does, to the same effect.
    ...(pluginCtx.endpoints.routes().some((d) => d.route.operationId === 'graphql') ? [] : graphqlEndpoints(pluginCtx)),
    defineRoute({
      method: 'get',
      path: '/fixtures',
      operationId: 'listFixtures',
      summary: 'Fixtures',
      query: z.object({ ...pageQuery, status: z.enum(['scheduled', 'final']).optional() }),
      response: pageOf(fixtureShape),
      async handler({ guildId, query }) {
        const after = decodeCursor(query.cursor);
        const rows = fixtures.filter((f) => (f.guildId || guildOfBot) === guildId && (!query.status || f.status === query.status) && (!after || f.id > Number(after.id)));
        return pageFrom(rows.slice(0, query.limit + 1), query.limit, (f) => ({ v: null, id: f.id }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/fixtures/:fixtureId',
      operationId: 'getFixture',
      summary: 'A fixture',
      params: idParam('fixtureId'),
      response: fixtureShape,
      async handler({ guildId, params }) {
        calls.getFixture++;
        const found = fixtures.find((f) => f.id === params.fixtureId && (f.guildId || guildOfBot) === guildId);
        if (!found) throw new Refusal('NOT_FOUND', `No fixture #${String(params.fixtureId)} in this server.`);
        return found;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tips',
      operationId: 'listTips',
      summary: 'Tips',
      query: z.object(pageQuery),
      response: pageOf(tipShape),
      async handler({ query }) {
        calls.listTips++;
        const after = decodeCursor(query.cursor);
        const rows = tips.filter((tip) => !after || tip.id > Number(after.id));
        return pageFrom(rows.slice(0, query.limit + 1), query.limit, (tip) => ({ v: null, id: tip.id }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tips',
      operationId: 'createTip',
      summary: 'Add a tip',
      body: z.object({ fixtureId: z.number().int().positive(), note: z.string().max(200).optional(), confidence: z.number().int().min(1).max(5) }).strict(),
      response: tipShape,
      async handler({ body }) {
        calls.createTip++;
        const tip = { id: tips.length + 1, fixtureId: body.fixtureId, note: body.note ?? null, confidence: body.confidence, odds: 2, tags: [], extra: {} };
        tips.push(tip);
        return tip;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/scouts/:scoutId',
      operationId: 'getScout',
      summary: 'A scout',
      params: idParam('scoutId'),
      response: scoutShape,
      async handler({ params }) {
        calls.getScout++;
        const found = scouts.find((s) => s.id === params.scoutId);
        if (!found) throw new Refusal('NOT_FOUND', 'No such scout.');
        return found;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mentors/:mentorId',
      operationId: 'getMentor',
      summary: 'The scout who mentors another',
      params: idParam('mentorId'),
      response: scoutShape,
      async handler({ params }) {
        calls.getMentor++;
        const found = scouts.find((s) => s.id === params.mentorId);
        if (!found) throw new Refusal('NOT_FOUND', 'No such scout.');
        return found;
      },
    }),
    defineRoute({ method: 'get', path: '/tips/export', operationId: 'exportTips', summary: 'Tips as CSV', produces: 'text/csv', response: fileResponse, handler: async () => ({ filename: 'tips.csv', contentType: 'text/csv', data: Buffer.from('id\n') }) }),
    defineRoute({ method: 'get', path: '/internal', operationId: 'tipsterInternal', summary: 'Not for GraphQL', graphql: false, response: z.object({ ok: z.boolean() }), handler: async () => ({ ok: true }) }),
  ],
});

interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string; status?: number; detail?: string; cost?: { requested: number; limit: number } };
}
interface GqlAnswer<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GqlError[];
  extensions?: { cost?: { requested: number; limit: number } };
}

let bot: TestBot;
let ctx: BettingContext;
let readKey: string;
let writeKey: string;
let gameIds: Record<string, number>;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api, tipster], tier: 'platinum' });
  guildOfBot = bot.guildId;
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  ({ ids: gameIds } = await seedGames(ctx, [{ key: 'q1', home: 'Arsenal', away: 'Chelsea' }]));
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read', userId: bot.users.carol });
  writeKey = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.carol });
});
test.after.always(() => bot?.close());

async function gql<T = Record<string, unknown>>(query: string, options: { key?: string; variables?: Record<string, unknown> } = {}): Promise<GqlAnswer<T> & { status: number }> {
  const res = await apiCall<GqlAnswer<T>>(bot.app, options.key ?? readKey, 'POST', '/api/v1/graphql', { query, ...(options.variables ? { variables: options.variables } : {}) });
  return { ...res.body, status: res.status };
}

test.serial('the schema has one Query field per GET route (get/list dropped) and one Mutation per write; files and graphql:false stay out', async (t) => {
  const res = await gql<{ __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } } }>('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
  t.is(res.status, 200);
  const queries = res.data!.__schema.queryType.fields.map((f) => f.name);
  const mutations = res.data!.__schema.mutationType.fields.map((f) => f.name);
  for (const name of ['fixtures', 'fixture', 'tips', 'scout', 'mentor', 'bets', 'bet', 'games', 'game', 'usage']) t.true(queries.includes(name), name);
  for (const name of ['createTip', 'placeBet', 'cancelBet', 'placeParlay']) t.true(mutations.includes(name), name);
  for (const name of ['exportTips', 'tipsExport', 'tipsterInternal', 'internal', 'graphql', 'graphqlGet', 'batch']) t.false([...queries, ...mutations].includes(name), name);
  t.false(queries.includes('tips2'));
  // Links follow the `<x>Id` ↔ `:<x>Id` convention, within one plugin.
  const fieldsOf = async (type: string): Promise<string[]> =>
    ((await gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "${type}") { fields { name } } }`)).data!.__type.fields ?? []).map((f) => f.name);
  t.true((await fieldsOf('TipsterTip')).includes('fixture'));
  t.true((await fieldsOf('TipsterScout')).includes('mentor'));
  t.true((await fieldsOf('Bet')).includes('game'));
  t.true((await fieldsOf('BetLeg')).includes('game'));
  t.deepEqual(await fieldsOf('TipsterFixtureConnection'), ['data', 'hasMore', 'nextCursor']);
});

test.serial('a query runs its routes as the key and answers their fields, with its cost in extensions.cost', async (t) => {
  resetCalls();
  const res = await gql<{ fixture: Record<string, unknown>; scout: { name: string; mentor: { name: string } } }>('{ fixture(fixtureId: 1) { id name status kickoff } scout(scoutId: 1) { name mentor { name } } }');
  t.is(res.status, 200);
  t.is(res.errors, undefined);
  t.deepEqual(res.data, { fixture: { id: 1, name: 'Fixture 1', status: 'final', kickoff: '2026-01-01T00:00:00.000Z' }, scout: { name: 'Scout 1', mentor: { name: 'Scout 2' } } });
  // fixture: 1 + 4 fields; scout: 1 + name + mentor (1 + name).
  t.deepEqual(res.extensions?.cost, { requested: 9, limit: 1000 });
  t.deepEqual(calls, { getFixture: 1, listTips: 0, getScout: 1, getMentor: 1, createTip: 0 });
  // The same over GET, variables in the query string.
  const query = 'query($id: Int!) { fixture(fixtureId: $id) { name } }';
  const viaGet = await apiCall<GqlAnswer<{ fixture: { name: string } }>>(bot.app, readKey, 'GET', `/api/v1/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent('{"id":2}')}`);
  t.is(viaGet.status, 200);
  t.deepEqual(viaGet.body.data, { fixture: { name: 'Fixture 2' } });
  t.deepEqual(viaGet.body.extensions?.cost, { requested: 2, limit: 1000 });
});

test.serial('a connection pages with first and after, through the route’s own cursor, and filters with the route’s query fields', async (t) => {
  type Page = { fixtures: { data: { id: number }[]; hasMore: boolean; nextCursor: string | null } };
  const seen: number[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const res: GqlAnswer<Page> = await gql<Page>('query($after: String) { fixtures(first: 2, after: $after) { data { id } hasMore nextCursor } }', { variables: { after } });
    t.is(res.errors, undefined);
    t.deepEqual(res.extensions?.cost, { requested: 1 + 2 * 2, limit: 1000 });
    const page: Page['fixtures'] = res.data!.fixtures;
    seen.push(...page.data.map((f) => f.id));
    t.is(page.hasMore, page.nextCursor !== null);
    after = page.nextCursor;
    pages++;
  } while (after !== null);
  // Fixture 6 is another server's: never listed.
  t.deepEqual(seen, [1, 2, 3, 4, 5]);
  t.is(pages, 3);
  const finals = await gql<Page>('{ fixtures(status: final) { data { id } } }');
  t.deepEqual(finals.data!.fixtures.data, [{ id: 1 }, { id: 2 }]);
  // Without `first`, the route's default page (20) is what the cost counts.
  t.deepEqual(finals.extensions?.cost, { requested: 1 + 20 * 2, limit: 1000 });
});

test.serial('a link field runs its by-id route once per distinct id: 30 tips on 2 fixtures make 2 calls, shared with a root field', async (t) => {
  resetCalls();
  const res = await gql<{ tips: { data: { id: number; fixtureId: number; fixture: { id: number; name: string } }[] }; fixture: { name: string } }>(
    '{ tips(first: 30) { data { id fixtureId fixture { id name } } } fixture(fixtureId: 1) { name } }',
  );
  t.is(res.errors, undefined);
  const items = res.data!.tips.data;
  t.is(items.length, 30);
  t.true(items.every((tip) => tip.fixture.id === tip.fixtureId && tip.fixture.name === `Fixture ${tip.fixtureId}`));
  t.is(res.data!.fixture.name, 'Fixture 1');
  t.is(calls.listTips, 1);
  t.is(calls.getFixture, 2);
});

test.serial('an operation nesting 11 fields deep is refused before anything runs; 10 deep runs', async (t) => {
  const chain = (mentors: number): string => `{ scout(scoutId: 1) { ${'mentor { '.repeat(mentors)}id${' }'.repeat(mentors)} } }`;
  resetCalls();
  const deep = await gql(chain(9));
  t.is(deep.status, 200);
  t.is(deep.data, undefined);
  t.is(deep.errors?.length, 1);
  t.like(deep.errors![0]!.extensions, { code: 'DEPTH_LIMIT_EXCEEDED', depth: 11, limit: 10 });
  t.deepEqual(calls, { getFixture: 0, listTips: 0, getScout: 0, getMentor: 0, createTip: 0 });
  const ok = await gql<{ scout: Record<string, unknown> }>(chain(8));
  t.is(ok.errors, undefined);
  t.is(calls.getMentor, 8);
  t.truthy(ok.data!.scout.mentor);
});

test.serial('an operation over the cost limit is refused with its cost and the limit, and nothing runs', async (t) => {
  resetCalls();
  const res = await gql('{ tips(first: 100) { data { id fixtureId note confidence odds tags extra fixture { id name status kickoff } } } }');
  t.is(res.data, undefined);
  t.is(res.errors?.length, 1);
  const error = res.errors![0]!;
  // Each tip: 7 fields + fixture (1 + 4) = 12; data: 13; the connection: 1 + 100 × 13.
  t.like(error.extensions, { code: 'COST_LIMIT_EXCEEDED', cost: { requested: 1301, limit: 1000 } });
  t.regex(error.message, /costs 1301 points; the limit is 1000/);
  t.deepEqual(res.extensions?.cost, { requested: 1301, limit: 1000 });
  t.is(calls.listTips, 0);
  t.is(calls.getFixture, 0);
});

test.serial('first outside 1..100 is refused, as a literal or a variable, before the route runs', async (t) => {
  resetCalls();
  for (const res of [await gql('{ tips(first: 101) { data { id } } }'), await gql('query($n: Int) { tips(first: $n) { data { id } } }', { variables: { n: 101 } }), await gql('{ tips(first: 0) { data { id } } }')]) {
    t.is(res.data, undefined);
    t.like(res.errors?.[0]?.extensions, { code: 'INVALID_INPUT', argument: 'first' });
    t.regex(res.errors![0]!.message, /1 to 100/);
  }
  t.is(calls.listTips, 0);
  const max = await gql<{ tips: { data: unknown[] } }>('{ tips(first: 100) { data { id } } }');
  t.is(max.errors, undefined);
  t.is(max.data!.tips.data.length, 30);
});

test.serial('a mutation needs a write key and POST: a read key is refused before it runs; a write key runs it', async (t) => {
  resetCalls();
  const mutation = 'mutation { createTip(input: { fixtureId: 3, confidence: 4, note: "home win" }) { id note confidence fixture { name } } }';
  const refused = await gql(mutation);
  t.is(refused.data, undefined);
  t.like(refused.errors?.[0]?.extensions, { code: 'API_KEY_READ_ONLY', status: 403 });
  t.regex(refused.errors![0]!.message, /read-only/);
  t.is(calls.createTip, 0);
  const overGet = await apiCall<GqlAnswer>(bot.app, writeKey, 'GET', `/api/v1/graphql?query=${encodeURIComponent(mutation)}`);
  t.like(overGet.body.errors?.[0]?.extensions, { code: 'MUTATION_NEEDS_POST' });
  t.is(calls.createTip, 0);
  const done = await gql<{ createTip: { id: number; note: string; confidence: number; fixture: { name: string } } }>(mutation, { key: writeKey });
  t.is(done.errors, undefined);
  t.like(done.data!.createTip, { note: 'home win', confidence: 4, fixture: { name: 'Fixture 3' } });
  t.is(calls.createTip, 1);
  // The route's own validation answers through GraphQL with the problem's status and code.
  const invalid = await gql('mutation { createTip(input: { fixtureId: 3, confidence: 9 }) { id } }', { key: writeKey });
  t.deepEqual(invalid.data, { createTip: null });
  t.like(invalid.errors?.[0]?.extensions, { status: 400, code: 'INVALID_INPUT' });
  t.is(calls.createTip, 1);
});

test.serial('another server’s id is null with a NOT_FOUND error, and none of its data', async (t) => {
  const res = await gql('{ fixture(fixtureId: 6) { id name } }');
  t.deepEqual(res.data, { fixture: null });
  t.deepEqual(res.errors?.[0]?.path, ['fixture']);
  t.like(res.errors?.[0]?.extensions, { status: 404, code: 'NOT_FOUND' });
  t.false(JSON.stringify(res).includes('Their Secret Derby'));
  const theirs = await placeStraight(ctx, { guildId: OTHER_GUILD, userId: bot.users.carol, interactionId: `gql${Date.now()}`, gameId: gameIds.q1!, market: 'h2h', selection: 'home', units: 1 });
  const bet = await gql(`{ bet(betId: ${theirs.bet.id}) { id userId units } }`);
  t.deepEqual(bet.data, { bet: null });
  t.like(bet.errors?.[0]?.extensions, { status: 404, code: 'BET_NOT_FOUND' });
  t.false(JSON.stringify(bet).includes(OTHER_GUILD));
});

test.serial('betting through GraphQL: placeBet as the key’s member, then the bet and its game through a link', async (t) => {
  const placed = await gql<{ placeBet: { id: number; userId: string; status: string; game: { label: string } } }>(
    'mutation($input: PlaceBetInput!) { placeBet(input: $input) { id userId status game { label } } }',
    // `null` for what the route takes as left out, as GraphQL clients send it.
    { key: writeKey, variables: { input: { gameId: gameIds.q1, market: 'h2h', selection: 'home', units: 1, line: null, odds: null } } },
  );
  t.is(placed.errors, undefined, JSON.stringify(placed.errors));
  t.like(placed.data!.placeBet, { userId: bot.users.carol, status: 'pending', game: { label: 'Arsenal v Chelsea' } });
  const listed = await gql<{ bets: { data: { id: number; status: string; game: { label: string } | null }[] } }>('{ bets(first: 5, status: pending) { data { id status game { label } } } }');
  t.is(listed.errors, undefined, JSON.stringify(listed.errors));
  t.true(listed.data!.bets.data.some((b) => b.id === placed.data!.placeBet.id && b.game?.label === 'Arsenal v Chelsea'));
});

test.serial('charge gets the cost of an operation that passed every check before it runs; refusing there runs nothing', async (t) => {
  const apiCtx = bot.app.contextOf('api')!;
  const charged: GraphqlCost[] = [];
  const service = new GraphqlService(apiCtx.endpoints, apiCtx.logger, {
    charge: async (_principal, cost) => {
      charged.push(cost);
      if (graphqlWeight(cost) > 1) throw new HttpProblem(429, 'Too Many Requests', 'Over the rate limit.');
    },
  });
  const principal: ApiPrincipal = { keyId: 'test', guildId: bot.guildId, scope: 'read', userId: bot.users.carol };
  resetCalls();
  const cheap = await service.run(principal, 'POST', { query: '{ fixture(fixtureId: 1) { name } }' });
  t.deepEqual(cheap.data, { fixture: { name: 'Fixture 1' } });
  await t.throwsAsync(service.run(principal, 'POST', { query: '{ tips(first: 60) { data { id note } } }' }), { instanceOf: HttpProblem });
  t.deepEqual(charged, [
    { requested: 2, limit: 1000 },
    { requested: 1 + 60 * 3, limit: 1000 },
  ]);
  t.is(calls.listTips, 0);
  // A refused operation is never charged.
  await service.run(principal, 'POST', { query: '{ tips(first: 101) { data { id } } }' });
  t.is(charged.length, 2);
  t.deepEqual(service.cost({ query: '{ tips { data { id } } }' }), { requested: 41, limit: 1000 });
  // A route that is no page but answers up to `limit` items is priced by that limit too.
  t.deepEqual(service.cost({ query: '{ bettingLeaderboard(limit: 50) { metric entries { userId } } }' }), { requested: 1 + 50 * (1 + 2), limit: 1000 });
  t.deepEqual([1, 100, 101, 1000].map((requested) => graphqlWeight({ requested, limit: 1000 })), [1, 1, 2, 10]);
});

test('field names: get/list dropped and camelCased; a shared name falls back to every claimant’s operationId', (t) => {
  t.is(queryFieldOf('listBets'), 'bets');
  t.is(queryFieldOf('getBet'), 'bet');
  t.is(queryFieldOf('getAPIKeys'), 'apiKeys');
  t.is(queryFieldOf('getaway'), 'getaway');
  t.is(queryFieldOf('health'), 'health');
  const names = assignFieldNames([
    { operationId: 'getStats', preferred: 'stats' },
    { operationId: 'listStats', preferred: 'stats' },
    { operationId: 'getBet', preferred: 'bet' },
  ]);
  t.deepEqual(Object.fromEntries(names), { getStats: 'getStats', listStats: 'listStats', getBet: 'bet' });
  // A fallback that lands on another route's preferred name pushes that one back too.
  const chained = assignFieldNames([
    { operationId: 'getBet', preferred: 'bet' },
    { operationId: 'listBet', preferred: 'bet' },
    { operationId: 'getGetBet', preferred: 'getBet' },
  ]);
  t.deepEqual(Object.fromEntries(chained), { getBet: 'getBet', listBet: 'listBet', getGetBet: 'getGetBet' });
});
