import type { EntityManager } from '@mikro-orm/knex';
import type { SqlValue } from 'dbsbm';
import type { BetLeg } from '../entities/bet-leg.ts';
import type { Bet } from '../entities/bet.ts';
import type { MemberLimits } from '../entities/member-limits.ts';
import type { BettingContext } from './context.ts';
import { STAKED_SINCE_SQL } from './limits.ts';
import { bookGuardParams, bookGuardSql, type GameBook } from './reference-cache.ts';

// The statements of the placing transaction, prepared with bound values through the data API (ctx.data): the
// hot path of /bet place. On SQLite a bet is 6 statements (lock, member read, bet, audit, event job, plus a leg
// insert for a parlay); on MariaDB the same, each one round trip, between BEGIN and COMMIT.

/** A book the placing statement found out of date (a price arrived, the game moved or closed): place again from a fresh read. */
export class StaleBook extends Error {
  constructor() {
    super('a game or its prices changed while the bet was being placed');
    this.name = 'StaleBook';
  }
}

/** The member's row, locked for the rest of the transaction, and their open bets. */
export interface LockedMember {
  limits: MemberLimits;
  openBets: number;
}

interface MemberRow {
  guild_id: string;
  user_id: string;
  daily_units: number | null;
  weekly_units: number | null;
  pending_daily_units: number | null;
  pending_weekly_units: number | null;
  pending_from: number | null;
  cooling_off_until: number | null;
  self_excluded: number | boolean;
  updated_at: number;
  open_bets: number | string;
}

const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Takes the member's row lock (creating the row once) and reads it with the member's open bets, in two statements.
 * On MySQL/MariaDB, `INSERT … ON DUPLICATE KEY UPDATE` puts an exclusive lock on the row it finds (or the row it
 * inserts), held to the end of the transaction: the lock a `SELECT … FOR UPDATE` would take, without its round trip.
 * The open bets are counted after the lock is held, so a placement that held it before is counted.
 */
export async function lockMember(ctx: BettingContext, em: EntityManager, guildId: string, userId: string, now: number): Promise<LockedMember> {
  const insert =
    ctx.data.dialect === 'sqlite'
      ? 'insert into betting_member_limits (guild_id, user_id, self_excluded, updated_at) values (?, ?, 0, ?) on conflict do nothing'
      : 'insert into betting_member_limits (guild_id, user_id, self_excluded, updated_at) values (?, ?, 0, ?) on duplicate key update guild_id = guild_id';
  await ctx.data.run(insert, [guildId, userId, now], em);
  const row = await ctx.data.get<MemberRow>(
    `select l.*, (select count(*) from betting_bets b where b.guild_id = l.guild_id and b.user_id = l.user_id and b.status in ('pending', 'live')) as open_bets
     from betting_member_limits l where l.guild_id = ? and l.user_id = ?`,
    [guildId, userId],
    em,
  );
  if (!row) throw new Error(`the limits row of member ${userId} in server ${guildId} is missing right after it was written`);
  return {
    openBets: Number(row.open_bets),
    limits: {
      guildId,
      userId,
      dailyUnits: optNum(row.daily_units),
      weeklyUnits: optNum(row.weekly_units),
      pendingDailyUnits: optNum(row.pending_daily_units),
      pendingWeeklyUnits: optNum(row.pending_weekly_units),
      pendingFrom: optNum(row.pending_from),
      coolingOffUntil: optNum(row.cooling_off_until),
      selfExcluded: row.self_excluded === true || Number(row.self_excluded) === 1,
      updatedAt: Number(row.updated_at),
    },
  };
}

/** Units the member staked since a time, in the transaction (the window of a limit; limits.ts STAKED_SINCE_SQL). */
export async function stakedSince(ctx: BettingContext, em: EntityManager, guildId: string, userId: string, since: number): Promise<number> {
  const row = await ctx.data.get<{ staked: number | string }>(STAKED_SINCE_SQL, [guildId, userId, since], em);
  return Number(row?.staked ?? 0);
}

const BET_COLUMNS = [
  'guild_id', 'user_id', 'type', 'game_id', 'market', 'selection', 'line', 'description', '`decimal`', 'american', 'units', 'status', 'net',
  'placed_at', 'settled_at', 'interaction_id', 'source_bet_id', 'source_kind', 'fair_decimal_at_bet', 'closing_fair_decimal', 'sport', 'league', 'verified',
].join(', ');

const betValues = (bet: Bet): SqlValue[] => [
  bet.guildId, bet.userId, bet.type, bet.gameId, bet.market, bet.selection, bet.line, bet.description, bet.decimal, bet.american, bet.units, bet.status, bet.net,
  bet.placedAt, bet.settledAt, bet.interactionId, bet.sourceBetId, bet.sourceKind, bet.fairDecimalAtBet, bet.closingFairDecimal, bet.sport, bet.league, bet.verified,
];

/**
 * Inserts the bet, on the condition that each of its games is still open and has exactly the price rows it was
 * priced from (reference-cache.ts `bookGuardSql`), checked by the insert itself; returns the new id, or throws
 * {@link StaleBook} when a book was out of date (nothing was written). A second bet of the same interaction fails on
 * the unique index (UniqueConstraintViolationException).
 */
export async function insertBet(ctx: BettingContext, em: EntityManager, bet: Bet, books: GameBook[]): Promise<number> {
  const placeholders = Array.from({ length: 23 }, () => '?').join(', ');
  const guard = books.map(() => `(${bookGuardSql})`).join(' and ');
  // MySQL/MariaDB need a table to put a WHERE on a SELECT of values; SQLite has no `dual`.
  const from = ctx.data.dialect === 'sqlite' ? '' : ' from dual';
  const res = await ctx.data.run(
    `insert into betting_bets (${BET_COLUMNS}) select ${placeholders}${from} where ${guard}`,
    [...betValues(bet), ...books.flatMap((b) => bookGuardParams(b, bet.placedAt))],
    em,
  );
  if (res.changes === 0 || res.lastInsertId === null) throw new StaleBook();
  return res.lastInsertId;
}

/** Writes a new bet's legs (one multi-row statement) and its `placed` audit row. */
export async function insertPlaced(ctx: BettingContext, em: EntityManager, bet: Bet, legs: Omit<BetLeg, 'id' | 'betId'>[], actorId: string): Promise<void> {
  if (legs.length) {
    await ctx.data.run(
      `insert into betting_bet_legs (bet_id, game_id, market, selection, line, \`decimal\`, result) values ${legs.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      legs.flatMap((l): SqlValue[] => [bet.id, l.gameId, l.market, l.selection, l.line, l.decimal, l.result]),
      em,
    );
  }
  await ctx.data.run(
    `insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at) values (?, ?, ?, 'placed', null, 'pending', ?, ?)`,
    [bet.guildId, bet.id, actorId, JSON.stringify({ decimal: bet.decimal, units: bet.units, verified: bet.verified }), bet.placedAt],
    em,
  );
}
