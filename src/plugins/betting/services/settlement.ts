import type { EntityManager } from '@mikro-orm/knex';
import { BetAuditSchema } from '../entities/bet-audit.ts';
import { BetLegSchema, type LegResult } from '../entities/bet-leg.ts';
import { BetSchema, OPEN_STATUSES, type Bet } from '../entities/bet.ts';
import { GameSchema } from '../entities/game.ts';
import type { BettingContext } from './context.ts';
import { referenceCache } from './reference-cache.ts';
import { fairDecimal, latestPrices } from './games.ts';
import { gradeSelection, isGradeError, toBetResult, type GradeResult, type Market, type Selection } from './grading-rules.ts';
import { parlayNet, parlayResult, type BetResult } from './payout.ts';
import { afterSettlement, publishSettled, recordUnits, settleOne, type SettledRow } from './settle-writes.ts';
import { Refusal, type SqlValue } from 'dbsbm';

const OPEN = `('pending', 'live')`;

/**
 * Net units as SQL for a graded result, from each row's own units and decimal price of record: the set-based mirror
 * of payout.ts `gradedNet` (a win is `winNet`, which the slip's "To win" shows), rounded the same way.
 */
function netSql(result: GradeResult | 'void'): string {
  switch (result) {
    case 'won':
      return 'round(units * (`decimal` - 1), 4)';
    case 'lost':
      return 'round(0 - units, 4)';
    case 'half-won':
      return 'round(units * (decimal - 1) / 2.0, 4)';
    case 'half-lost':
      return 'round(0 - units / 2.0, 4)';
    default:
      return '0';
  }
}

/**
 * Grades every open bet on a game from its final score, in a few set-based statements per distinct pick (so a
 * game with 100,000 bets settles in one transaction), then the parlays with a leg on it. Idempotent: only open
 * bets move, and unit records are unique by bet. Player props stay open for the capper or an admin to grade.
 */
export async function settleGame(ctx: BettingContext, gameId: number, score: { home: number; away: number }, now = Date.now()): Promise<{ settled: number }> {
  const em = ctx.em();
  const game = await em.findOne(GameSchema, { id: gameId });
  if (!game) throw new Refusal('GAME_NOT_FOUND', `Game ${gameId} does not exist.`);
  const closing = await latestPrices(em, gameId, game.startTime);
  const twoWay = !closing.some((p) => p.market === 'h2h' && p.selection === 'draw') && game.sport !== 'soccer';
  const settledRows: SettledRow[] = [];

  await em.transactional(async (tem) => {
    // Prepared statements with bound values (ctx.data) on the transaction's connection.
    const sql = ctx.data;
    await sql.run(`update betting_games set status = 'final', home_score = ?, away_score = ?, updated_at = ? where id = ?`, [score.home, score.away, now, gameId], tem);
    const picks = await sql.all<{ market: string; selection: string; line: number | null }>(
      `select distinct market, selection, line from betting_bets where game_id = ? and type = 'game_line' and status in ${OPEN}`,
      [gameId],
      tem,
    );
    const graded = picks.map((pick) => {
      const grade = gradeSelection({ market: pick.market as Market, selection: pick.selection as Selection, line: pick.line ?? undefined, twoWay }, score);
      const result: GradeResult | 'void' = isGradeError(grade) ? 'void' : grade;
      return {
        key: [pick.market, pick.selection, pick.line ?? 0] as SqlValue[],
        result,
        status: result === 'void' ? 'void' : toBetResult(result),
        closingFair: fairDecimal(closing, pick.market, pick.selection, pick.line ?? 0),
      };
    });
    if (graded.length > 0) {
      // Every pick in one audit statement and one update (CASE by pick), as the raw-SQL baseline does: per-pick
      // statements read the game's bets once per pick.
      const pickSql = 'market = ? and selection = ? and coalesce(line, 0) = ?';
      const byPick = (value: (g: (typeof graded)[number]) => { sql: string; params: SqlValue[] }): { sql: string; params: SqlValue[] } => {
        const parts = graded.map((g) => ({ when: g.key, then: value(g) }));
        return { sql: `case ${parts.map((p) => `when ${pickSql} then ${p.then.sql}`).join(' ')} end`, params: parts.flatMap((p) => [...p.when, ...p.then.params]) };
      };
      const bound = (v: SqlValue) => ({ sql: '?', params: [v] });
      const status = byPick((g) => bound(g.status));
      const details = byPick((g) => bound(JSON.stringify({ home: score.home, away: score.away, grade: g.result })));
      const net = byPick((g) => ({ sql: netSql(g.result), params: [] }));
      const closingFair = byPick((g) => bound(g.closingFair));
      const where = `game_id = ? and type = 'game_line' and status in ${OPEN} and (${graded.map(() => `(${pickSql})`).join(' or ')})`;
      const whereParams = [gameId, ...graded.flatMap((g) => g.key)];
      await sql.run(
        `insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at)
         select guild_id, id, 'feed', 'graded', status, ${status.sql}, ${details.sql}, ? from betting_bets where ${where}`,
        [...status.params, ...details.params, now, ...whereParams],
        tem,
      );
      await sql.run(
        `update betting_bets set net = ${net.sql}, closing_fair_decimal = ${closingFair.sql}, settled_at = ?, status = ${status.sql} where ${where}`,
        [...net.params, ...closingFair.params, now, ...status.params, ...whereParams],
        tem,
      );
      for (const g of graded) {
        await sql.run(`update betting_bet_legs set result = ? where game_id = ? and market = ? and selection = ? and coalesce(line, 0) = ? and result = 'pending'`, [g.result, gameId, ...g.key], tem);
      }
    }
    // Legs of parlays whose pick no straight bet shares.
    const legs = await tem.find(BetLegSchema, { gameId, result: 'pending' });
    for (const leg of legs) {
      const grade = gradeSelection({ market: leg.market as Market, selection: leg.selection as Selection, line: leg.line ?? undefined, twoWay }, score);
      leg.result = isGradeError(grade) ? 'void' : grade;
    }
    await tem.flush();
    await recordUnits(tem, `b.game_id = ? and b.type = 'game_line' and b.settled_at = ?`, [gameId, now], now);
    settledRows.push(...(await sql.all<SettledRow>(`select id, guild_id, user_id, status, net from betting_bets where game_id = ? and type = 'game_line' and settled_at = ?`, [gameId, now], tem)));
    settledRows.push(...(await settleParlaysTouching(tem, gameId, now)));
    await publishSettled(ctx, tem, settledRows);
    await ctx.events.publishInTransaction(tem, 'game.final', { gameId, home: score.home, away: score.away });
  });
  referenceCache(ctx).forgetGame(gameId);
  await afterSettlement(ctx, settledRows);
  return { settled: settledRows.length };
}

/** Re-evaluates the open parlays with a leg on the game; settles those whose result is now known. */
async function settleParlaysTouching(em: EntityManager, gameId: number, now: number): Promise<SettledRow[]> {
  const parlayIds = (await em.getConnection().execute(
    `select distinct l.bet_id as id from betting_bet_legs l join betting_bets b on b.id = l.bet_id where l.game_id = ? and b.status in ${OPEN}`,
    [gameId],
    'all',
    em.getTransactionContext(),
  )) as { id: number }[];
  const settled: SettledRow[] = [];
  for (const { id } of parlayIds) {
    const bet = await em.findOne(BetSchema, { id });
    if (!bet) continue;
    const legs = await em.find(BetLegSchema, { betId: id });
    const outcome = parlayResult(legs.map((l) => ({ result: legResultForParlay(l.result), decimal: l.decimal })));
    if (outcome.result === 'pending') continue;
    settleOne(em, bet, outcome.result, parlayNet(outcome.result, bet.units, outcome.decimal), 'feed', now);
    settled.push({ id: bet.id, guild_id: bet.guildId, user_id: bet.userId, status: bet.status, net: bet.net ?? 0 });
  }
  await em.flush();
  if (settled.length) await recordUnits(em, `b.id in (${settled.map(() => '?').join(', ')})`, settled.map((s) => s.id), now);
  return settled;
}

/** A half-won or half-lost leg counts as won or lost inside a parlay, at its full price (as most books do). */
function legResultForParlay(result: LegResult): BetResult | 'pending' {
  if (result === 'half-won') return 'won';
  if (result === 'half-lost') return 'lost';
  return result;
}

// Grading by hand (props, admins) and regrading live in manual-grading.ts.
export { gradeBet, regradeBet, type ManualGradeInput, type RegradeInput } from './manual-grading.ts';

/** Cancels the member's own open bet before its game (every leg's game, for a parlay) starts. */
export async function cancelBet(ctx: BettingContext, input: { guildId: string; betId: number; userId: string; now?: number }): Promise<Bet> {
  const now = input.now ?? Date.now();
  const em = ctx.em();
  const bet = await em.transactional(async (tem) => {
    const bet = await tem.findOne(BetSchema, { id: input.betId, guildId: input.guildId });
    if (!bet) throw new Refusal('BET_NOT_FOUND', `There is no bet #${input.betId} in this server. See your bets with /bet list.`);
    if (bet.userId !== input.userId) throw new Refusal('NOT_YOUR_BET', `Bet #${bet.id} is not yours; you can only cancel your own bets.`);
    if (bet.status !== 'pending') throw new Refusal('ALREADY_SETTLED', `Bet #${bet.id} is ${bet.status}; only a pending bet can be cancelled.`);
    const gameIds = bet.gameId !== null ? [bet.gameId] : (await tem.find(BetLegSchema, { betId: bet.id })).map((l) => l.gameId);
    const started = await tem.count(GameSchema, { id: { $in: gameIds }, $or: [{ startTime: { $lte: now } }, { status: { $ne: 'scheduled' } }] });
    if (started > 0) throw new Refusal('GAME_STARTED', `The game of bet #${bet.id} has started, so it can no longer be cancelled.`);
    tem.create(BetAuditSchema, { guildId: bet.guildId, betId: bet.id, actorId: input.userId, action: 'cancelled', fromStatus: bet.status, toStatus: 'cancelled', details: null, at: now });
    bet.status = 'cancelled';
    await ctx.events.publishInTransaction(tem, 'bet.cancelled', { guildId: bet.guildId, betId: bet.id, userId: bet.userId });
    return bet;
  });
  return bet;
}

/** Voids the open bets on a postponed or cancelled game; parlays drop the leg and reprice. */
export async function voidGame(ctx: BettingContext, gameId: number, status: 'postponed' | 'cancelled', now = Date.now()): Promise<{ voided: number }> {
  const em = ctx.em();
  const rows: SettledRow[] = [];
  await em.transactional(async (tem) => {
    const conn = tem.getConnection();
    const trx = tem.getTransactionContext();
    await conn.execute('update betting_games set status = ?, updated_at = ? where id = ?', [status, now, gameId], 'run', trx);
    const where = `game_id = ? and type <> 'parlay' and status in ${OPEN}`;
    await conn.execute(
      `insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at) select guild_id, id, 'feed', 'voided', status, 'void', ?, ? from betting_bets where ${where}`,
      [JSON.stringify({ reason: status }), now, gameId],
      'run',
      trx,
    );
    await conn.execute(`update betting_bets set status = 'void', net = 0, settled_at = ? where ${where}`, [now, gameId], 'run', trx);
    await conn.execute(`update betting_bet_legs set result = 'void' where game_id = ? and result = 'pending'`, [gameId], 'run', trx);
    await recordUnits(tem, `b.game_id = ? and b.type <> 'parlay' and b.settled_at = ? and b.status = 'void'`, [gameId, now], now);
    rows.push(...((await conn.execute(`select id, guild_id, user_id, status, net from betting_bets where game_id = ? and settled_at = ? and status = 'void'`, [gameId, now], 'all', trx)) as SettledRow[]));
    rows.push(...(await settleParlaysTouching(tem, gameId, now)));
    const voided = rows.filter((r) => r.status === 'void');
    await ctx.events.publishManyInTransaction(tem, 'bet.voided', voided.map((row) => ({ guildId: row.guild_id, betId: Number(row.id), userId: row.user_id })));
    await publishSettled(ctx, tem, rows.filter((r) => r.status !== 'void'));
  });
  referenceCache(ctx).forgetGame(gameId);
  await afterSettlement(ctx, rows.filter((r) => r.status !== 'void'));
  return { voided: rows.length };
}
