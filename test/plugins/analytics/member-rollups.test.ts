import type { Migration } from '@mikro-orm/migrations';
import test, { type ExecutionContext } from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import { createMemberRollups } from '../../../src/plugins/analytics/migrations/Migration20261207070000_member_rollups.ts';
import { benchmark } from '../../../src/plugins/analytics/services/benchmark.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { monthOfDay } from '../../../src/plugins/analytics/services/days.ts';
import { engagement } from '../../../src/plugins/analytics/services/engagement.ts';
import type { MetricsFilter } from '../../../src/plugins/analytics/services/filters.ts';
import { byCapper, daily, dailyTotals, summary } from '../../../src/plugins/analytics/services/metrics.ts';
import { runReport } from '../../../src/plugins/analytics/services/reports.ts';
import { ensureRollups, rebuildGuild, refreshMany } from '../../../src/plugins/analytics/services/rollups.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { roundUnits } from '../../../src/plugins/betting/services/payout.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { regradeBet } from '../../../src/plugins/betting/services/settlement.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, seedGames } from '../betting/seed.ts';
import { insertHistory, sql, waitForJobs } from './helpers.ts';
import * as plain from './plain-aggregate.ts';

// Issue 14: questions without a sport, league or bet type read the member-day and member-month roll-ups, cohorts the
// first-day table, and the report chart the server-day rows. Each route must give exactly the answer of a plain
// aggregate over betting's unit records: incrementally kept, after regrades (to another result and to void), with
// filters, with a `now` in the middle of a month whose later days already have bets, and after a rebuild.

const DAY = 86_400_000;
let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
let guildId: string;
let users: string[];
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  guildId = bot.guildId;
  users = [bot.users.alice, bot.users.bob, bot.users.carol, '1400000000000000001', '1400000000000000002', '1400000000000000003'];
});
test.after.always(() => bot?.close());

type T = ExecutionContext<unknown>;
const near = (t: T, a: number | null, b: number | null, what: string) => t.true(a === b || (a !== null && b !== null && Math.abs(a - b) < 1e-9), `${what}: ${a} vs ${b}`);

/** The figures of ours against the plain ones: counts and units exactly, ratios to 1e-9. */
function sameTotals(t: T, mine: Record<string, unknown>, want: ReturnType<typeof plain.totals>, what: string, withMembers = true): void {
  for (const k of ['bets', 'wins', 'losses', 'pushes', 'voids', 'risked', 'net'] as const) t.is(mine[k], want[k], `${what} ${k}`);
  for (const k of ['winRate', 'roi', 'clv'] as const) near(t, mine[k] as number | null, want[k], `${what} ${k}`);
  if (withMembers) t.is(mine.activeMembers, want.activeMembers, `${what} activeMembers`);
}

/** The new tables hold exactly the sums of betting's unit records at their grain. */
async function checkTables(t: T, label: string): Promise<void> {
  const records = await plain.unitRecords(bot.app, guildId);
  const key = (...parts: unknown[]) => parts.join('|');
  const wantDays = new Map<string, plain.UnitRecord[]>();
  const wantMonths = new Map<string, plain.UnitRecord[]>();
  const wantFirst = new Map<string, number>();
  for (const r of records) {
    const day = plain.dayOfRecord(r);
    wantDays.set(key(r.userId, day), [...(wantDays.get(key(r.userId, day)) ?? []), r]);
    wantMonths.set(key(r.userId, monthOfDay(day)), [...(wantMonths.get(key(r.userId, monthOfDay(day))) ?? []), r]);
    wantFirst.set(r.userId, Math.min(wantFirst.get(r.userId) ?? Infinity, day));
  }
  for (const [table, column, want] of [
    ['analytics_member_days', 'day', wantDays],
    ['analytics_member_months', 'month', wantMonths],
  ] as const) {
    const rows = await sql(bot.app, `select user_id, ${column} as k, bets, wins, losses, pushes, voids, risked, net from ${table} where guild_id = ?`, [guildId]);
    t.is(rows.length, want.size, `${label}: ${table} rows`);
    for (const row of rows) {
      const w = want.get(key(row.user_id, Number(row.k)));
      if (!w) {
        t.fail(`${label}: ${table} has ${String(row.user_id)} ${String(row.k)}, which has no bets`);
        continue;
      }
      const p = plain.totals(w);
      t.deepEqual(
        { bets: Number(row.bets), wins: Number(row.wins), losses: Number(row.losses), pushes: Number(row.pushes), voids: Number(row.voids), risked: roundUnits(Number(row.risked)), net: roundUnits(Number(row.net)) },
        { bets: p.bets, wins: p.wins, losses: p.losses, pushes: p.pushes, voids: p.voids, risked: p.risked, net: p.net },
        `${label}: ${table} ${String(row.user_id)} ${String(row.k)}`,
      );
    }
  }
  const firsts = await sql(bot.app, 'select user_id, first_day from analytics_member_first_days where guild_id = ?', [guildId]);
  const sorted = (entries: [string, number][]) => entries.sort(([a], [b]) => a.localeCompare(b));
  t.deepEqual(sorted(firsts.map((r) => [String(r.user_id), Number(r.first_day)])), sorted([...wantFirst.entries()]), `${label}: first days`);
}

/** Every question, over a matrix of filters, against the plain aggregate. */
async function checkAnswers(t: T, label: string, now: number): Promise<void> {
  const records = await plain.unitRecords(bot.app, guildId);
  const variants: Omit<MetricsFilter, 'guildId' | 'period'>[] = [{}, { capper: bot.users.bob }, { sport: 'soccer' }, { betType: 'parlay' }, { capper: bot.users.carol, league: 'nba' }];
  for (const period of ['day', 'week', 'month', 'year', 'all'] as const) {
    for (const v of variants) {
      const f: MetricsFilter = { guildId, period, ...v };
      const what = `${label} ${JSON.stringify({ period, ...v })}`;
      const rows = plain.slice(records, f, now);
      sameTotals(t, { ...(await summary(ctx, f, now)) }, plain.totals(rows), `${what} summary`);

      const days = plain.daily(rows);
      t.deepEqual(await daily(ctx, f, now), days, `${what} daily`);
      const withoutMembers = (ps: readonly { day: string; bets: number; risked: number; net: number; cumulativeNet: number }[]) => ps.map((p) => [p.day, p.bets, p.risked, p.net, p.cumulativeNet]);
      t.deepEqual(withoutMembers(await dailyTotals(ctx, f, now)), withoutMembers(days), `${what} dailyTotals`);

      const cappers = await byCapper(ctx, f, now);
      const want = plain.byMember(rows);
      t.is(cappers.length, want.size, `${what} cappers`);
      for (const c of cappers) sameTotals(t, { ...c }, want.get(c.userId)!, `${what} capper ${c.userId}`, false);
      t.deepEqual(cappers.map((c) => c.net), [...want.values()].map((w) => w.net).sort((a, b) => b - a), `${what} best net first`);

      if (period !== 'day' && period !== 'week') {
        const b = await benchmark(ctx, f, 'net', now);
        const p = plain.netByPeriod(records, f, now);
        t.is(b.current, p.current, `${what} benchmark current`);
        t.deepEqual(b.previous.map((x) => x.value), p.previous, `${what} benchmark previous`);
      }
    }
  }

  const idOf = new Map(Object.entries(await ctx.discord.displayNames(guildId, users)).map(([id, name]) => [name, id]));
  // Reports: by capper (member-month rows), by day and month (member-day rows), by sport (kinds); chart from server days.
  for (const filter of [{ period: 'all' }, { period: 'year' }, { period: 'all', betType: 'game_line' }, { period: 'all', capper: bot.users.alice }] as const) {
    const rows = plain.slice(records, { ...filter }, now);
    for (const [dimension, keyOf] of [
      ['capper', (r: plain.UnitRecord) => r.userId],
      ['day', (r: plain.UnitRecord) => plain.isoDay(plain.dayOfRecord(r))],
      ['month', (r: plain.UnitRecord) => new Date(r.settledAt).toISOString().slice(0, 7)],
      ['sport', (r: plain.UnitRecord) => r.sport ?? '(unknown)'],
    ] as const) {
      const what = `${label} report by ${dimension} ${JSON.stringify(filter)}`;
      const report = await runReport(ctx, guildId, { metrics: ['bets', 'wins', 'risked', 'net', 'clv', 'members'], dimension, filter }, 'r', now);
      const groups = new Map<string, plain.UnitRecord[]>();
      for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
      t.is(report.rows.length, groups.size, `${what}: rows`);
      for (const row of report.rows) {
        // Capper rows are labelled with display names (members without one keep their id).
        const k = dimension === 'capper' ? (idOf.get(String(row.key)) ?? String(row.key)) : String(row.key);
        const g = groups.get(k);
        if (!g) {
          t.fail(`${what}: row ${String(row.key)} has no bets`);
          continue;
        }
        const p = plain.totals(g);
        t.like(row, { bets: p.bets, wins: p.wins, risked: p.risked, net: p.net, members: p.activeMembers }, `${what}: ${String(row.key)}`);
        near(t, row.clv as number | null, p.clv, `${what}: ${String(row.key)} clv`);
      }
      const all = plain.totals(rows);
      t.like(report.totals, { bets: all.bets, net: all.net, members: all.activeMembers }, `${what}: totals`);
      t.deepEqual(
        report.chart?.points.map((p) => [p.x, p.y]),
        plain.daily(rows).map((d) => [d.day, d.cumulativeNet]),
        `${what}: chart`,
      );
    }
  }

  for (const weeks of [8, 30]) t.deepEqual(await engagement(ctx, guildId, now, weeks), plain.engagement(records, now, weeks), `${label} engagement ${weeks} weeks`);
}

test.serial('every roll-up route equals the plain aggregate, kept incrementally, after regrades and voids, and rebuilt', async (t) => {
  await ensureRollups(ctx, guildId); // built (empty) first, so what follows is the incremental path
  const now = Date.now();
  const history = await insertHistory(ctx, { guildId, users, bets: 900, days: 500, now, seed: 14 });
  await refreshMany(ctx, guildId, history);
  // Bets on the first and last millisecond of months: a month's rows must hold exactly its days.
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 2, 1);
  const edges = await insertHistory(ctx, { guildId, users: [bot.users.bob], bets: 4, days: 0, now: monthStart, seed: 15 });
  const before = await insertHistory(ctx, { guildId, users: [bot.users.carol], bets: 3, days: 0, now: monthStart - 1, seed: 16 });
  await refreshMany(ctx, guildId, [...edges, ...before]);
  t.true(edges.every((r) => r.settledAt === monthStart) && before.every((r) => r.settledAt === monthStart - 1));

  await checkTables(t, 'incremental');
  await checkAnswers(t, 'incremental', now);
  // A `now` in the middle of an earlier month, with bets already settled after it: the month it falls in is partial,
  // so its days (not its month row) answer, and nothing after the end of now's day is counted.
  const midMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 3, 14, 12);
  await checkAnswers(t, 'mid-month now', midMonth);

  // Regrades through betting's own path (each publishes bet.settled again): an old bet to the other result, another
  // to void; and a bet placed and settled today, then regraded.
  const old = await sql<{ id: unknown; status: string }>(bot.app, "select id, status from betting_bets where guild_id = ? and status in ('won', 'lost') and settled_at < ? order by settled_at limit 2", [guildId, monthStart]);
  t.is(old.length, 2);
  await regradeBet(bettingCtx, { guildId, betId: Number(old[0]!.id), result: old[0]!.status === 'won' ? 'lost' : 'won', reason: 'score corrected', actorId: bot.users.alice, isManager: true });
  await regradeBet(bettingCtx, { guildId, betId: Number(old[1]!.id), result: 'void', reason: 'market voided', actorId: bot.users.alice, isManager: true });
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'mr-1', home: 'Month FC', away: 'Rollup United', h2h: [2.0, 3.4, 3.8] }]);
  const placed = await placeStraight(bettingCtx, { guildId, userId: '1400000000000000003', interactionId: `88${Date.now()}`.slice(0, 19), gameId: ids['mr-1']!, market: 'h2h', selection: 'home', units: 2 });
  await sink(final('mr-1', 0, 1));
  await waitForJobs(bot.app);
  await regradeBet(bettingCtx, { guildId, betId: placed.bet.id, result: 'won', reason: 'score corrected', actorId: bot.users.alice, isManager: true });
  await waitForJobs(bot.app);
  await checkTables(t, 'after regrades');
  await checkAnswers(t, 'after regrades', Date.now());

  await rebuildGuild(ctx, guildId);
  await checkTables(t, 'rebuilt');
  await checkAnswers(t, 'rebuilt', Date.now());
});

test.serial("the migration fills the new tables from a server's existing roll-ups", async (t) => {
  const tables = { analytics_member_days: 'user_id, day', analytics_member_months: 'user_id, month', analytics_member_first_days: 'user_id' };
  // Rows without their ids, numbers to 9 places (sums of doubles may be added in another order).
  const snapshot = async () =>
    Promise.all(
      Object.entries(tables).map(async ([table, order]) =>
        (await sql(bot.app, `select * from ${table} where guild_id = ? order by ${order}`, [guildId])).map(({ id: _id, ...r }) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v])),
        ),
      ),
    );
  await ensureRollups(ctx, guildId);
  const built = await snapshot();
  t.true(built[0]!.length > 0);
  const conn = bot.app.orm.em.fork().getConnection();
  for (const table of Object.keys(tables)) await conn.execute(`delete from ${table}`);
  // The migration's own statements, as it runs them on this database; only its inserts (the tables exist).
  const migration = new createMemberRollups.class(bot.app.orm.em.getDriver(), bot.app.orm.config) as unknown as Migration;
  await migration.up();
  for (const q of migration.getQueries()) if (typeof q === 'string' && q.startsWith('insert')) await conn.execute(q);
  t.deepEqual(await snapshot(), built);
});
