import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting, { createFeedSink } from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { final, kickoff, seedGames } from '../seed.ts';

interface GameJson {
  id: number;
  sport: string;
  league: string;
  kickoff: string;
  status: string;
  label: string;
}
interface PageJson<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

let bot: TestBot;
let ctx: BettingContext;
let key: string;
let ids: Record<string, number>;
const HOUR = 3_600_000;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api], tier: 'platinum' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  // Kick-offs an hour apart, in an order unlike their keys, so sorting by kick-off is visible.
  const seeded = await seedGames(ctx, [
    { key: 'g3', home: 'Gamma', away: 'Delta', inMinutes: 180 },
    { key: 'g1', home: 'Alpha', away: 'Beta', inMinutes: 60 },
    { key: 'g5', home: 'Eta', away: 'Theta', inMinutes: 300 },
    { key: 'g2', home: 'Beta', away: 'Gamma', inMinutes: 120, total: { line: 3.5, over: 2.05, under: 1.8 } },
    { key: 'g4', home: 'Delta', away: 'Eta', inMinutes: 240 },
  ]);
  ids = seeded.ids;
  await seeded.sink(kickoff('g1'));
  await seeded.sink(kickoff('g2'));
  await seeded.sink(final('g2', 2, 1));
  // Another sport and league, on the feed the way any feed adds it.
  const sink = createFeedSink(ctx, 'test');
  await sink({ type: 'game.scheduled', game: { providerId: 'test:nba1', sport: 'basketball', league: 'nba', homeTeam: 'Lakers', awayTeam: 'Celtics', startTime: new Date(Date.now() + 30 * 60_000) } });
  key = await issueKey(bot.app, bot.guildId, { scope: 'read' });
});
test.after.always(() => bot?.close());

const get = async <T>(path: string) => {
  const res = await apiCall(bot.app, key, 'GET', `/api/v1/betting${path}`);
  return { status: res.status, body: res.body as T & { code?: string } };
};

/** Every page of a list, following `next_cursor` until the last one. */
async function walk(path: string): Promise<{ pages: PageJson<GameJson>[]; all: GameJson[] }> {
  const pages: PageJson<GameJson>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: PageJson<GameJson> } = await get<PageJson<GameJson>>(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    pages.push(res.body);
    cursor = res.body.next_cursor;
  } while (cursor !== null && pages.length < 20);
  return { pages, all: pages.flatMap((p) => p.data) };
}

test('GET /games walks every game exactly once by kick-off, soonest first, in pages of `limit`', async (t) => {
  const { pages, all } = await walk('/games?limit=2');
  t.deepEqual(pages.map((p) => p.data.length), [2, 2, 2]);
  t.deepEqual(pages.map((p) => p.has_more), [true, true, false]);
  t.is(pages.at(-1)!.next_cursor, null);
  t.is(new Set(all.map((g) => g.id)).size, 6, 'no game twice');
  t.deepEqual(all.map((g) => g.label), ['Lakers v Celtics', 'Alpha v Beta', 'Beta v Gamma', 'Gamma v Delta', 'Delta v Eta', 'Eta v Theta']);
  const kickoffs = all.map((g) => Date.parse(g.kickoff));
  t.deepEqual(kickoffs, [...kickoffs].sort((a, b) => a - b));
});

test('GET /games?sort=-kickoff pages latest first and walks the same games', async (t) => {
  const { all } = await walk('/games?limit=4&sort=-kickoff');
  t.deepEqual(all.map((g) => g.label), ['Eta v Theta', 'Delta v Eta', 'Gamma v Delta', 'Beta v Gamma', 'Alpha v Beta', 'Lakers v Celtics']);
});

test('GET /games filters by status, sport, league and a kick-off range', async (t) => {
  const labels = async (query: string) => (await walk(`/games?${query}`)).all.map((g) => g.label);
  t.deepEqual(await labels('status=live'), ['Alpha v Beta']);
  t.deepEqual(await labels('status=final'), ['Beta v Gamma']);
  t.deepEqual(await labels('status=scheduled&sport=soccer'), ['Gamma v Delta', 'Delta v Eta', 'Eta v Theta']);
  t.deepEqual(await labels('sport=basketball'), ['Lakers v Celtics']);
  t.deepEqual(await labels('league=nba'), ['Lakers v Celtics']);
  const from = new Date(Date.now() + 150 * 60_000).toISOString();
  const to = new Date(Date.now() + 270 * 60_000).toISOString();
  t.deepEqual(await labels(`from=${from}&to=${to}&limit=1`), ['Gamma v Delta', 'Delta v Eta']);
  t.deepEqual(await labels(`from=${encodeURIComponent(new Date(Date.now() + 10 * HOUR).toISOString())}`), []);
});

test('GET /games refuses an unknown filter, a bad value, a bad cursor and a limit out of range with 400', async (t) => {
  for (const [query, code] of [
    ['colour=red', 'INVALID_INPUT'],
    ['status=soon', 'INVALID_INPUT'],
    ['sort=name', 'INVALID_INPUT'],
    ['from=tomorrow', 'INVALID_INPUT'],
    ['limit=0', 'INVALID_INPUT'],
    ['limit=101', 'INVALID_INPUT'],
    ['cursor=not-a-cursor', 'INVALID_CURSOR'],
    // A readable cursor that these lists never make (a text sort value).
    [`cursor=${Buffer.from(JSON.stringify({ v: 'Alpha', id: 1 })).toString('base64url')}`, 'INVALID_CURSOR'],
  ] as const) {
    const res = await get(`/games?${query}`);
    t.is(res.status, 400, query);
    t.is(res.body.code, code, query);
  }
});

test('GET /games/:gameId answers the game with the current price of every selection, by market', async (t) => {
  const res = await get<GameJson & { markets: { market: string; line: number | null; prices: { selection: string; label: string; decimal: number; odds: string }[] }[] }>(`/games/${ids.g2}`);
  t.is(res.status, 200);
  t.is(res.body.label, 'Beta v Gamma');
  t.is(res.body.status, 'final');
  t.deepEqual(
    res.body.markets.map((m) => [m.market, m.line, m.prices.map((p) => [p.selection, p.label, p.decimal, p.odds])]),
    [
      ['h2h', null, [['home', 'Beta', 2.1, '+110'], ['draw', 'Draw', 3.4, '+240'], ['away', 'Gamma', 3.6, '+260']]],
      ['totals', 3.5, [['over', 'Over 3.5', 2.05, '+105'], ['under', 'Under 3.5', 1.8, '-125']]],
    ],
  );
});

test('GET /games/:gameId is 404 for a game that does not exist and 400 for an id that is not one', async (t) => {
  const missing = await get(`/games/999999`);
  t.is(missing.status, 404);
  t.is(missing.body.code, 'GAME_NOT_FOUND');
  t.is((await get(`/games/abc`)).status, 400);
});
