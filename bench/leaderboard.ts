/**
 * `leaderboard`: `leaderboard(ctx, guildId, 'net', 'all')` over N settled bets (unit records) of ~2,000 members of
 * one server, cold (first call, and again after each cache invalidation) and cached (the next calls), against the
 * same aggregate run directly through the driver. On SQLite always, and on MariaDB/MySQL when `DATABASE_URL` is one.
 */
import { performance } from 'node:perf_hooks';
import { leaderboard } from '../src/plugins/betting/services/stats.ts';
import { BENCH_GUILD, UNIT_RECORD_COLUMNS, unitRecordRows } from './lib/betting-data.ts';
import { onCleanup } from './lib/cleanup.ts';
import { bootBettingApp, freshDatabase, openRaw, type DbKind } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { emit, progress } from './lib/report.ts';
import { median, timed } from './lib/stats.ts';

/** Cold rounds (ours then raw): at least 2, at most 5, and no new round once this much time has gone. */
const MAX_ROUNDS = 5;
const ROUNDS_BUDGET_MS = 20_000;
const CACHED_CALLS = 20;
const MIN_BETS = 20; // the plugin's default leaderboardMinBets

const RAW_SQL = `select u.user_id, count(*) as bets,
    sum(case when u.result = 'won' then 1 else 0 end) as wins,
    sum(case when u.result = 'lost' then 1 else 0 end) as losses,
    sum(u.net) as net,
    sum(case when u.result = 'void' then 0 else u.units end) as risked
  from betting_unit_records u where u.guild_id = ?
  group by u.user_id having count(*) >= ?
  order by net desc, bets desc, u.user_id asc limit 10`;

async function onDatabase(kind: DbKind, opts: BenchOptions): Promise<void> {
  const n = opts.sizes.leaderboard;
  const users = opts.sizes.leaderboardUsers;
  const db = await freshDatabase(kind, opts.databaseUrl);
  const dropDb = onCleanup(() => db.drop());
  const { ctx, close } = await bootBettingApp(db.url);
  const closeApp = onCleanup(close);
  const raw = await openRaw(db.url);
  const closeRaw = onCleanup(() => raw.close());

  progress(`${kind}: inserting ${n} unit records over ${users} members…`);
  const setup = await timed(() => raw.insertMany('betting_unit_records', UNIT_RECORD_COLUMNS, unitRecordRows(n, users)));
  progress(`${kind}: inserted in ${(setup.ms / 1000).toFixed(1)} s (${Math.round((n / setup.ms) * 1000)} rows/s); timing…`);

  const settings = await ctx.settings.get(BENCH_GUILD);
  if (settings.leaderboardMinBets !== MIN_BETS) throw new Error(`leaderboardMinBets is ${settings.leaderboardMinBets}, the baseline assumes ${MIN_BETS}`);

  const cold: number[] = [];
  const rawTimes: number[] = [];
  let ourTop: string[] = [];
  let rawTop: string[] = [];
  const roundsStart = performance.now();
  for (let round = 0; round < MAX_ROUNDS && (round < 2 || performance.now() - roundsStart < ROUNDS_BUDGET_MS); round++) {
    // What a settlement does: a new stats version, so the next call misses the cache.
    if (round > 0) await ctx.cache.set(`stats-version:${BENCH_GUILD}`, Date.now() + round);
    const mine = await timed(() => leaderboard(ctx, BENCH_GUILD, 'net', 'all'));
    cold.push(mine.ms);
    ourTop = mine.result.map((r) => r.userId);
    const base = await timed(() => raw.all<{ user_id: string }>(RAW_SQL, [BENCH_GUILD, MIN_BETS]));
    rawTimes.push(base.ms);
    rawTop = base.result.map((r) => r.user_id);
  }
  const cached: number[] = [];
  for (let i = 0; i < CACHED_CALLS; i++) cached.push((await timed(() => leaderboard(ctx, BENCH_GUILD, 'net', 'all'))).ms);

  const p = `${kind}.`;
  emit('leaderboard', `${p}unit_records`, n, n);
  emit('leaderboard', `${p}cold_first_ms`, cold[0]!, rawTimes[0]!);
  emit('leaderboard', `${p}cold_median_ms`, median(cold.slice(1)), median(rawTimes.slice(1)));
  emit('leaderboard', `${p}cached_median_ms`, median(cached), median(rawTimes.slice(1)));
  emit('leaderboard', `${p}cold_rounds`, cold.length, rawTimes.length);
  emit('leaderboard', `${p}top10_match`, ourTop.join() === rawTop.join() ? 1 : 0, null);
  emit('leaderboard', `${p}setup_insert_ms`, setup.ms, null);
  if (ourTop.join() !== rawTop.join()) progress(`${kind}: top 10 differ!\n    ours ${ourTop.join(' ')}\n    raw  ${rawTop.join(' ')}`);

  await closeRaw();
  await closeApp();
  await dropDb();
}

export async function run(opts: BenchOptions): Promise<void> {
  await onDatabase('sqlite', opts);
  if (isMysqlUrl(opts.databaseUrl)) await onDatabase('mysql', opts);
}
