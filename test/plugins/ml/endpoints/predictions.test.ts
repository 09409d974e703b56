import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting, { createFeedSink } from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import ml from '../../../../src/plugins/ml/index.ts';
import type { MlContext } from '../../../../src/plugins/ml/services/context.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { seedGames } from '../../betting/seed.ts';

type ThreeWay = { home: number; draw: number; away: number };
interface PredictionJson {
  gameId: number;
  label: string;
  league: string;
  kickoff: string;
  model: ThreeWay;
  marketOpen: ThreeWay;
  marketNow: ThreeWay | null;
  prices: ThreeWay | null;
  edge: ThreeWay | null;
  pick: string;
  confidence: number;
  movement: { change: ThreeWay; alerts: string[] };
  modelVersion: string;
}
interface PageJson<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

let bot: TestBot;
let ctx: MlContext;
let key: string;
let ids: Record<string, number>;
const OUTCOMES = ['home', 'draw', 'away'] as const;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml, api], tier: 'platinum' });
  ctx = bot.app.contextOf('ml') as unknown as MlContext;
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
  const bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  const seeded = await seedGames(bettingCtx, [
    { key: 'pl-2', home: 'Liverpool', away: 'Everton', inMinutes: 120, h2h: [1.6, 4.2, 5.5] },
    { key: 'pl-1', home: 'Arsenal', away: 'Chelsea', inMinutes: 60, h2h: [2.1, 3.4, 3.6] },
    { key: 'pl-3', home: 'Fulham', away: 'Brentford', inMinutes: 180 },
    { key: 'pl-past', home: 'Wolves', away: 'Burnley', inMinutes: -5 },
  ]);
  ids = seeded.ids;
  // A Spanish game (a league the model knows) and an American one (a league it does not), through the feed.
  const sink = createFeedSink(bettingCtx, 'test');
  const at = new Date();
  for (const [key, league, home, away, minutes] of [
    ['es-1', 'laliga', 'Barcelona', 'Sevilla', 90],
    ['us-1', 'mls', 'Galaxy', 'Sounders', 30],
  ] as const) {
    await sink({ type: 'game.scheduled', game: { providerId: `test:${key}`, sport: 'soccer', league, homeTeam: home, awayTeam: away, startTime: new Date(Date.now() + minutes * 60_000) } });
    await sink({ type: 'odds', prices: OUTCOMES.map((selection, i) => ({ providerId: `test:${key}`, market: 'h2h', selection, price: [2.2, 3.3, 3.4][i]!, at })) });
  }
  const listed = (await ctx.use('betting').upcomingGames({ limit: 50 })).filter((g) => g.homeTeam === 'Barcelona' || g.homeTeam === 'Galaxy');
  for (const g of listed) ids[g.homeTeam === 'Barcelona' ? 'es-1' : 'us-1'] = g.id;
  key = await issueKey(bot.app, bot.guildId, { scope: 'read', userId: bot.users.carol });
});
test.after.always(() => bot?.close());

const get = async <T>(path: string, k = key) => {
  const res = await apiCall(bot.app, k, 'GET', `/api/v1/ml${path}`);
  return { status: res.status, body: res.body as T & { code?: string; detail?: string } };
};
const shown = async (gameId: number): Promise<{ user_id: string; guild_id: string }[]> =>
  (await ctx.em().getConnection().execute('select user_id, guild_id from ml_predictions where game_id = ?', [gameId])) as { user_id: string; guild_id: string }[];
const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test.serial('GET /predictions pages through the predictable games soonest first, beside the market, and records what it showed', async (t) => {
  const pages: PageJson<PredictionJson>[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: PageJson<PredictionJson> } = await get<PageJson<PredictionJson>>(`/predictions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    t.is(res.status, 200, JSON.stringify(res.body));
    pages.push(res.body);
    cursor = res.body.next_cursor;
  } while (cursor !== null && pages.length < 10);
  const all = pages.flatMap((p) => p.data);
  t.deepEqual(pages.map((p) => p.data.length), [2, 2]);
  t.deepEqual(pages.map((p) => p.has_more), [true, false]);
  // The started game and the league the model does not know are left out, as /value leaves them out.
  t.deepEqual(all.map((p) => p.label), ['Arsenal v Chelsea', 'Barcelona v Sevilla', 'Liverpool v Everton', 'Fulham v Brentford']);
  t.deepEqual(all.map((p) => p.league), ['premier-league', 'laliga', 'premier-league', 'premier-league']);
  for (const p of all) {
    t.true(near(OUTCOMES.reduce((s, k) => s + p.model[k], 0), 1), 'model probabilities add up to 1');
    t.true(near(OUTCOMES.reduce((s, k) => s + p.marketNow![k], 0), 1), 'implied probabilities are de-margined');
    for (const k of OUTCOMES) t.true(near(p.edge![k], p.model[k] * p.prices![k] - 1), `edge of ${k} is p × price − 1`);
    t.is(p.confidence, p.model[p.pick as 'home']);
    t.false(Number.isNaN(Date.parse(p.kickoff)));
  }
  const arsenal = all[0]!;
  t.deepEqual(arsenal.prices, { home: 2.1, draw: 3.4, away: 3.6 });
  t.is(arsenal.marketOpen.home.toFixed(3), '0.454', 'the de-margined opening price of 2.10 among 2.10/3.40/3.60, as /predict shows it');
  const rows = await shown(arsenal.gameId);
  t.is(rows.length, 1, 'each prediction listed is recorded as shown');
  t.deepEqual({ ...rows[0] }, { user_id: bot.users.carol, guild_id: bot.guildId });
  // A client polling the list records nothing more: one prediction shown per server and game.
  await get('/predictions?limit=3');
  t.is((await shown(arsenal.gameId)).length, 1);
});

test.serial('GET /predictions filters by league and by game; a game the model cannot predict gives an empty list', async (t) => {
  const spain = await get<PageJson<PredictionJson>>('/predictions?league=laliga');
  t.deepEqual(spain.body.data.map((p) => p.label), ['Barcelona v Sevilla']);
  t.false(spain.body.has_more);
  const one = await get<PageJson<PredictionJson>>(`/predictions?gameId=${ids['pl-2']}`);
  t.deepEqual(one.body.data.map((p) => p.gameId), [ids['pl-2']]);
  const both = await get<PageJson<PredictionJson>>(`/predictions?gameId=${ids['pl-2']}&league=laliga`);
  t.deepEqual(both.body.data, []);
  for (const gameId of [ids['us-1'], ids['pl-past'], 999_999]) {
    const none = await get<PageJson<PredictionJson>>(`/predictions?gameId=${gameId}`);
    t.is(none.status, 200);
    t.deepEqual(none.body.data, []);
  }
  const nowhere = await get<PageJson<PredictionJson>>('/predictions?league=mls');
  t.deepEqual(nowhere.body.data, []);
});

test('GET /predictions refuses what it does not know: an unknown field, a bad limit, a cursor it did not make', async (t) => {
  for (const query of ['sport=soccer', 'limit=0', 'limit=51', 'gameId=abc']) {
    const res = await get(`/predictions?${query}`);
    t.is(res.status, 400, query);
  }
  t.is((await get('/predictions?sport=soccer')).body.code, 'INVALID_INPUT');
  t.is((await get('/predictions?cursor=not-a-cursor')).status, 400);
  const foreign = Buffer.from(JSON.stringify({ v: 'Arsenal', id: 'x' })).toString('base64url');
  t.is((await get(`/predictions?cursor=${foreign}`)).status, 400);
});

test.serial('GET /predictions/:gameId is /predict game: the prediction, recorded as shown; refusals as problems', async (t) => {
  const before = (await shown(ids['pl-3']!)).length;
  const res = await get<PredictionJson>(`/predictions/${ids['pl-3']}`);
  t.is(res.status, 200);
  t.is(res.body.label, 'Fulham v Brentford');
  t.regex(res.body.modelVersion, /@/);
  t.deepEqual(Object.keys(res.body.movement.change).sort(), ['away', 'draw', 'home']);
  t.is((await shown(ids['pl-3']!)).length, Math.max(before, 1), 'recorded once per server and game');

  const missing = await get(`/predictions/999999`);
  t.is(missing.status, 404);
  t.is(missing.body.code, 'NOT_FOUND');
  const started = await get(`/predictions/${ids['pl-past']}`);
  t.is(started.status, 409);
  t.is(started.body.code, 'PREDICTION_CLOSED');
  const unknownLeague = await get(`/predictions/${ids['us-1']}`);
  t.is(unknownLeague.status, 422);
  t.is(unknownLeague.body.code, 'LEAGUE_NOT_MODELLED');
  t.is((await get('/predictions/arsenal')).status, 400);
});
