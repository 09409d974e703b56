import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import { CapperSchema } from '../../../../src/plugins/betting/entities/capper.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { computeStats, leaderboard } from '../../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { final, seedGames } from '../seed.ts';

// GET /stats, /leaderboard and /cappers: the numbers /stats and /leaderboard show, from the same services.

type Json = Record<string, unknown> & { code?: string };

let bot: TestBot;
let ctx: BettingContext;
let readKey: string;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api], tier: 'platinum' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  await ctx.settings.set(bot.guildId, 'leaderboardMinBets', 1);
  const { ids, sink } = await seedGames(ctx, [
    { key: 's1', home: 'Arsenal', away: 'Chelsea' },
    { key: 's2', home: 'Everton', away: 'Fulham' },
  ]);
  const bob = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.bob });
  const carol = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.carol });
  const place = async (key: string, body: Record<string, unknown>) => {
    const res = await apiCall(bot.app, key, 'POST', '/api/v1/betting/bets', body);
    if (res.status !== 201) throw new Error(`placing answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  // Bob wins both (+1.1 and +0.9); Carol wins one and loses one (+2.2 − 1).
  await place(bob, { gameId: ids.s1, market: 'h2h', selection: 'home', units: 1 });
  await place(bob, { gameId: ids.s2, market: 'totals', selection: 'over', line: 2.5, units: 1 });
  await place(carol, { gameId: ids.s1, market: 'h2h', selection: 'home', units: 2 });
  await place(carol, { gameId: ids.s2, market: 'h2h', selection: 'away', units: 1 });
  await sink(final('s1', 2, 0));
  await sink(final('s2', 3, 1));
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read' });
});
test.after.always(() => bot?.close());

const get = async (path: string) => {
  const res = await apiCall(bot.app, readKey, 'GET', `/api/v1/betting${path}`);
  return { status: res.status, body: res.body as Json };
};

test('GET /stats answers the server’s record, and a member’s with ?userId=, as computeStats computes them', async (t) => {
  const server = await get('/stats');
  t.is(server.status, 200);
  t.like(server.body, { userId: null, period: 'all', bets: 4, wins: 3, losses: 1, net: 3.2, risked: 5 });
  t.like(server.body, await computeStats(ctx, { guildId: bot.guildId, period: 'all' }));
  const carol = await get(`/stats?userId=${bot.users.carol}&period=week`);
  t.is(carol.status, 200);
  t.like(carol.body, { userId: bot.users.carol, period: 'week', bets: 2, wins: 1, losses: 1, net: 1.2, winRate: 0.5, tailed: 0, faded: 0 });
  t.deepEqual(carol.body.currentStreak, { kind: 'L', length: 1 });
  t.like((await get('/stats?sport=basketball')).body, { bets: 0, winRate: null, roi: null });
  t.like((await get(`/stats?betType=game_line&userId=${bot.users.bob}`)).body, { bets: 2, net: 2 });
});

test('GET /stats refuses an unknown period or filter with 400', async (t) => {
  for (const query of ['period=decade', 'user=1', 'userId=bob', 'betType=teaser']) {
    const res = await get(`/stats?${query}`);
    t.is(res.status, 400, query);
    t.is(res.body.code, 'INVALID_INPUT', query);
  }
});

test('GET /leaderboard ranks as /leaderboard does, with its metric and period', async (t) => {
  const net = await get('/leaderboard');
  t.is(net.status, 200);
  t.like(net.body, { metric: 'net', period: 'month', minBets: 1 });
  t.deepEqual(net.body.entries, await leaderboard(ctx, bot.guildId, 'net', 'month'));
  t.deepEqual((net.body.entries as { userId: string; rank: number; net: number }[]).map((e) => [e.rank, e.userId, e.net]), [
    [1, bot.users.bob, 2],
    [2, bot.users.carol, 1.2],
  ]);
  const winrate = await get('/leaderboard?metric=winrate&period=all&limit=1');
  t.deepEqual((winrate.body.entries as { userId: string }[]).map((e) => e.userId), [bot.users.bob]);
  for (const query of ['metric=units', 'period=forever', 'limit=0', 'sport=soccer']) {
    const res = await get(`/leaderboard?${query}`);
    t.is(res.status, 400, query);
    t.is(res.body.code, 'INVALID_INPUT', query);
  }
});

test('GET /cappers walks the server’s cappers exactly once, and never another server’s', async (t) => {
  const em = ctx.em();
  const at = Date.now();
  for (let i = 0; i < 5; i++) em.create(CapperSchema, { guildId: bot.guildId, userId: `16000000000000000${i}`, displayName: `Capper ${i}`, imageUrl: null, createdAt: at + (i % 2) });
  em.create(CapperSchema, { guildId: '1999999999999999901', userId: '1600000000000000099', displayName: 'Elsewhere', imageUrl: null, createdAt: at });
  await em.flush();
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`/cappers?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    t.is(res.status, 200);
    const page = res.body as { data: { displayName: string; createdAt: string }[]; has_more: boolean; next_cursor: string | null };
    seen.push(...page.data.map((c) => c.displayName));
    cursor = page.next_cursor;
    pages++;
  } while (cursor !== null);
  t.is(pages, 3);
  t.deepEqual(seen, ['Capper 0', 'Capper 2', 'Capper 4', 'Capper 1', 'Capper 3']);
  t.is((await get('/cappers?cursor=nope')).status, 400);
});
