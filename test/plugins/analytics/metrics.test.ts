import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { byCapper, summary } from '../../../src/plugins/analytics/services/metrics.ts';
import { ensureRollups, rebuildGuild, refreshMany } from '../../../src/plugins/analytics/services/rollups.ts';
import { engagement } from '../../../src/plugins/analytics/services/engagement.ts';
import { benchmark } from '../../../src/plugins/analytics/services/benchmark.ts';
import { runReport } from '../../../src/plugins/analytics/services/reports.ts';
import type { MetricsFilter } from '../../../src/plugins/analytics/services/filters.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { computeStats, periodStart } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, seedGames } from '../betting/seed.ts';
import { independentSummary, insertHistory, waitForJobs, type HistoryRow } from './helpers.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

const close = (t: { true: (v: boolean, m?: string) => void }, a: number | null, b: number | null, what: string) =>
  t.true(a === b || (a !== null && b !== null && Math.abs(a - b) < 1e-9), `${what}: ${a} vs ${b}`);

test.serial('roll-ups agree with an independent computation and with /stats, kept incrementally or rebuilt', async (t) => {
  const guildId = bot.guildId;
  await ensureRollups(ctx, guildId); // built (empty) first, so what follows is the incremental path
  const now = Date.now();
  const users = [bot.users.alice, bot.users.bob, bot.users.carol, '1200000000000000001', '1200000000000000002'];
  const rows = await insertHistory(ctx, { guildId, users, bets: 700, days: 400, now, seed: 7 });
  await refreshMany(ctx, guildId, rows);

  const check = async (label: string) => {
    const cases: [string, Omit<MetricsFilter, 'guildId'>, (r: HistoryRow) => boolean][] = [];
    for (const period of ['day', 'week', 'month', 'year', 'all'] as const) {
      const from = period === 'all' ? 0 : periodStart(period, now);
      cases.push([`${period}`, { period }, (r) => r.settledAt >= from]);
      cases.push([`${period} bob`, { period, capper: bot.users.bob }, (r) => r.settledAt >= from && r.userId === bot.users.bob]);
    }
    cases.push(['soccer parlays', { period: 'all', sport: 'soccer', betType: 'parlay' }, (r) => r.sport === 'soccer' && r.type === 'parlay']);
    cases.push(['nba, carol', { period: 'year', league: 'nba', capper: bot.users.carol }, (r) => r.league === 'nba' && r.userId === bot.users.carol && r.settledAt >= periodStart('year', now)]);
    for (const [name, filter, keep] of cases) {
      const mine = await summary(ctx, { ...filter, guildId }, now);
      const want = independentSummary(rows.filter(keep));
      const stats = await computeStats(bettingCtx, { guildId, period: filter.period, ...(filter.capper ? { userId: filter.capper } : {}), ...(filter.sport ? { sport: filter.sport } : {}), ...(filter.league ? { league: filter.league } : {}), ...(filter.betType ? { betType: filter.betType } : {}) }, now);
      for (const key of ['bets', 'wins', 'losses', 'pushes', 'voids', 'risked', 'net'] as const) {
        t.is(mine[key], want[key], `${label} ${name} ${key}`);
        t.is(stats[key], want[key], `/stats ${name} ${key}`);
      }
      for (const key of ['winRate', 'roi', 'clv'] as const) close(t, mine[key], want[key], `${label} ${name} ${key}`);
      t.is(mine.activeMembers, want.members, `${label} ${name} members`);
    }
    const cappers = await byCapper(ctx, { guildId, period: 'all' }, now);
    t.is(cappers.length, users.length);
    for (const c of cappers) t.is(c.net, independentSummary(rows.filter((r) => r.userId === c.userId)).net);
    t.deepEqual(cappers.map((c) => c.net), [...cappers.map((c) => c.net)].sort((a, b) => b - a), 'best net first');
  };
  await check('incremental');
  await rebuildGuild(ctx, guildId);
  await check('rebuilt');

  // Reports group in SQL by every dimension; each group equals the independent computation over its bets.
  const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  const week = (ms: number) => {
    const day = Math.floor(ms / 86_400_000);
    return new Date((Math.floor((day + 3) / 7) * 7 - 3) * 86_400_000).toISOString().slice(0, 10);
  };
  for (const [dimension, keyOf] of [
    ['month', (r: HistoryRow) => month(r.settledAt)],
    ['week', (r: HistoryRow) => week(r.settledAt)],
    ['sport', (r: HistoryRow) => r.sport ?? '(unknown)'],
    ['betType', (r: HistoryRow) => r.type.replace('_', ' ')],
  ] as const) {
    const report = await runReport(ctx, guildId, { metrics: ['bets', 'net', 'members'], dimension, filter: { period: 'all' } }, 'r', now);
    const want = new Map<string, HistoryRow[]>();
    for (const r of rows) want.set(keyOf(r), [...(want.get(keyOf(r)) ?? []), r]);
    t.is(report.rows.length, want.size, `${dimension}: one row per group`);
    for (const row of report.rows) {
      const mine = want.get(String(row.key))!;
      t.truthy(mine, `${dimension} ${String(row.key)} exists`);
      const ind = independentSummary(mine);
      t.is(row.bets, ind.bets, `${dimension} ${String(row.key)} bets`);
      t.is(row.net, ind.net, `${dimension} ${String(row.key)} net`);
      t.is(row.members, ind.members, `${dimension} ${String(row.key)} members`);
    }
  }

  const e = await engagement(ctx, guildId, now);
  const activeIn = (days: number) => new Set(rows.filter((r) => Math.floor(r.settledAt / 86_400_000) > Math.floor(now / 86_400_000) - days).map((r) => r.userId)).size;
  t.is(e.mau, activeIn(30));
  t.is(e.wau, activeIn(7));
  const b = await benchmark(ctx, { guildId, period: 'month' }, 'net', now);
  t.is(b.current, independentSummary(rows.filter((r) => r.settledAt >= periodStart('month', now))).net);
  t.is(b.previous.length, 12);
  if (b.percentile !== null) t.true(b.percentile >= 0 && b.percentile <= 1);
});

test.serial('a bet settled by the betting plugin reaches the roll-ups through its durable event', async (t) => {
  const guildId = bot.guildId;
  const before = await summary(ctx, { guildId, period: 'day' });
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'an-1', home: 'Arsenal', away: 'Chelsea', h2h: [2.0, 3.4, 3.8] }]);
  let n = 0;
  for (const [user, selection, units] of [
    [bot.users.carol, 'home', 2],
    [bot.users.bob, 'away', 1],
    [bot.users.alice, 'draw', 1.5],
  ] as const) {
    await placeStraight(bettingCtx, { guildId, userId: user, interactionId: `77${Date.now()}${++n}`.slice(0, 19), gameId: ids['an-1']!, market: 'h2h', selection, units });
  }
  await sink(final('an-1', 2, 0));
  await waitForJobs(bot.app);
  const after = await summary(ctx, { guildId, period: 'day' });
  t.is(after.bets - before.bets, 3);
  t.is(after.wins - before.wins, 1);
  t.is(Math.round((after.net - before.net) * 1e4) / 1e4, 2 - 1 - 1.5);
  const stats = await computeStats(bettingCtx, { guildId, period: 'day' });
  t.is(after.net, stats.net);
  t.is(after.risked, stats.risked);
});
