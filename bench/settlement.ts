/**
 * `settlement`: grading N bets on one game's final score. Setup (not measured): a game seeded through the feed
 * sink and N pending h2h bets inserted with bulk SQL. Measured: `settleGame(ctx, gameId, score)` (ours) against the
 * raw driver doing the minimal equivalent in one transaction: one UPDATE of the bets' status and net, one
 * INSERT … SELECT into the unit records (baseline); a second baseline also writes the per-bet audit rows settleGame
 * writes (`settle_ms_vs_raw_with_audit`). Each side gets its own fresh database with the same rows.
 */
import { settleGame } from '../src/plugins/betting/services/settlement.ts';
import { BET_COLUMNS, betRows, BENCH_GUILD, seedGames } from './lib/betting-data.ts';
import { onCleanup } from './lib/cleanup.ts';
import { bootBettingApp, freshDatabase, openRaw, type DbKind, type RawDb } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { emit, emitGoal, progress } from './lib/report.ts';
import { timed } from './lib/stats.ts';

const SCORE = { home: 2, away: 1 };
const USERS = 2_000;

interface Outcome {
  ms: number;
  setupMs: number;
  unitRecords: number;
  netSum: number;
  settledBets: number;
}

/** A fresh database with the betting tables, one seeded game and `n` pending bets on it. */
async function prepare(kind: DbKind, databaseUrl: string | undefined, n: number) {
  const db = await freshDatabase(kind, databaseUrl);
  const dropDb = onCleanup(() => db.drop());
  const booted = await bootBettingApp(db.url);
  const closeApp = onCleanup(() => booted.close());
  const [game] = await seedGames(booted.ctx, 1);
  const raw = await openRaw(db.url);
  const closeRaw = onCleanup(() => raw.close());
  const setup = await timed(() => raw.insertMany('betting_bets', BET_COLUMNS, betRows(game!.id, n, USERS)));
  if (setup.result !== n) throw new Error(`inserted ${setup.result} bets, expected ${n}`);
  return { db, booted, raw, gameId: game!.id, setupMs: setup.ms, dropDb, closeApp, closeRaw };
}

async function check(raw: RawDb, gameId: number): Promise<Pick<Outcome, 'unitRecords' | 'netSum' | 'settledBets'>> {
  const [u] = await raw.all<{ n: number | string; net: number | string | null }>('select count(*) as n, sum(net) as net from betting_unit_records where guild_id = ?', [BENCH_GUILD]);
  const [b] = await raw.all<{ n: number | string }>(`select count(*) as n from betting_bets where game_id = ? and status in ('won', 'lost', 'push', 'void')`, [gameId]);
  return { unitRecords: Number(u!.n), netSum: Math.round(Number(u!.net ?? 0) * 100) / 100, settledBets: Number(b!.n) };
}

async function ours(kind: DbKind, databaseUrl: string | undefined, n: number): Promise<Outcome> {
  const p = await prepare(kind, databaseUrl, n);
  progress(`DBSBM on ${kind}: ${n} bets inserted in ${(p.setupMs / 1000).toFixed(1)} s; settleGame…`);
  const { ms, result } = await timed(() => settleGame(p.booted.ctx, p.gameId, SCORE));
  if (result.settled !== n) progress(`note: settleGame reported ${result.settled} settled, expected ${n}`);
  const checked = await check(p.raw, p.gameId);
  await p.closeRaw();
  await p.closeApp();
  await p.dropDb();
  return { ms, setupMs: p.setupMs, ...checked };
}

/**
 * The raw driver grading the same bets: the minimal equivalent, or (`audit`) also writing the audit row per bet
 * that settleGame writes, to tell the work the plugin chooses to do from the cost of how it does it.
 */
async function baseline(kind: DbKind, databaseUrl: string | undefined, n: number, audit: boolean): Promise<Outcome> {
  const p = await prepare(kind, databaseUrl, n);
  await p.closeApp(); // only the driver from here on
  progress(`raw ${p.raw.driver} on ${kind}: ${n} bets inserted in ${(p.setupMs / 1000).toFixed(1)} s; ${audit ? 'audit INSERT … SELECT + ' : ''}UPDATE + INSERT … SELECT…`);
  const now = Date.now();
  const winner = SCORE.home > SCORE.away ? 'home' : SCORE.home < SCORE.away ? 'away' : 'draw';
  const d = new Date(now);
  const { ms } = await timed(() =>
    p.raw.transaction(async () => {
      await p.raw.run(`update betting_games set status = 'final', home_score = ?, away_score = ?, updated_at = ? where id = ?`, [SCORE.home, SCORE.away, now, p.gameId]);
      if (audit) {
        await p.raw.run(
          `insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at)
           select guild_id, id, 'feed', 'graded', status, case when selection = ? then 'won' else 'lost' end, ?, ? from betting_bets where game_id = ? and status in ('pending', 'live')`,
          [winner, JSON.stringify({ home: SCORE.home, away: SCORE.away }), now, p.gameId],
        );
      }
      await p.raw.run(
        `update betting_bets set
           status = case when selection = ? then 'won' else 'lost' end,
           net = case when selection = ? then round(case when american > 0 then units * american / 100.0 else units * 100.0 / (0 - american) end, 4) else round(0 - units, 4) end,
           settled_at = ?
         where game_id = ? and status in ('pending', 'live')`,
        [winner, winner, now, p.gameId],
      );
      await p.raw.run(
        `insert into betting_unit_records (guild_id, user_id, bet_id, bet_type, result, units, net, month, year, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal)
         select guild_id, user_id, id, type, status, units, net, ?, ?, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal
         from betting_bets where game_id = ? and settled_at = ?`,
        [d.getUTCMonth() + 1, d.getUTCFullYear(), p.gameId, now],
      );
    }),
  );
  const checked = await check(p.raw, p.gameId);
  await p.closeRaw();
  await p.dropDb();
  return { ms, setupMs: p.setupMs, ...checked };
}

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const n = opts.sizes.settlement;
  const base = await baseline(kind, opts.databaseUrl, n, false);
  const audited = await baseline(kind, opts.databaseUrl, n, true);
  const mine = await ours(kind, opts.databaseUrl, n);
  const p = `${kind}.`;
  emit('settlement', `${p}bets`, n, n);
  emit('settlement', `${p}settle_ms`, mine.ms, base.ms);
  emit('settlement', `${p}settle_ms_vs_raw_with_audit`, mine.ms, audited.ms);
  emit('settlement', `${p}bets_per_s`, (n / mine.ms) * 1000, (n / base.ms) * 1000);
  emit('settlement', `${p}unit_records`, mine.unitRecords, base.unitRecords);
  emit('settlement', `${p}settled_bets`, mine.settledBets, base.settledBets);
  emit('settlement', `${p}net_sum_units`, mine.netSum, base.netSum);
  emit('settlement', `${p}setup_insert_ms`, mine.setupMs, base.setupMs);
  const ratio = mine.ms / base.ms;
  emitGoal('settlement', `${p}settle ${n} bets / raw SQL`, ratio, '<=', 1.5);
  progress(`goal on ${kind}: settling ${n} bets took ${ratio.toFixed(2)}x the raw SQL (goal <= 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);
  progress(`unit records after settling: ours ${mine.unitRecords}, baseline ${base.unitRecords} (bets: ${n})${mine.unitRecords === n && base.unitRecords === n ? ' — OK' : ' — MISMATCH'}`);
  if (mine.unitRecords !== n || base.unitRecords !== n) process.exitCode = 1;
}
