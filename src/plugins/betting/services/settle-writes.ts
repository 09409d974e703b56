import type { EntityManager } from '@mikro-orm/knex';
import { BetAuditSchema } from '../entities/bet-audit.ts';
import type { Bet } from '../entities/bet.ts';
import type { BettingContext } from './context.ts';
import type { BetResult } from './payout.ts';
import { bumpStatsVersions } from './stats-versions.ts';

// The writes every settling path shares (the feed's settlement, grading by hand, regrading), in one place.

/** A settled bet as the settling statements read it back. */
export interface SettledRow {
  id: number;
  guild_id: string;
  user_id: string;
  status: string;
  net: number;
}

/**
 * Writes the unit records of bets just settled (unique by bet: settling twice never counts twice). Only verified
 * bets get one: stats, leaderboards, capper records and the records API read unit records alone, so an unverified
 * bet never counts anywhere, by construction.
 */
export async function recordUnits(em: EntityManager, where: string, params: unknown[], settledAt: number): Promise<void> {
  const d = new Date(settledAt);
  await em.getConnection().execute(
    `insert into betting_unit_records (guild_id, user_id, bet_id, bet_type, result, units, net, month, year, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal)
     select b.guild_id, b.user_id, b.id, b.type, b.status, b.units, b.net, ?, ?, b.settled_at, b.sport, b.league, b.fair_decimal_at_bet, b.closing_fair_decimal
     from betting_bets b where ${where} and b.verified = 1 and not exists (select 1 from betting_unit_records u where u.bet_id = b.id)`,
    [d.getUTCMonth() + 1, d.getUTCFullYear(), ...params],
    'run',
    em.getTransactionContext(),
  );
}

/** Settles one bet in the unit of work, with its audit row. */
export function settleOne(em: EntityManager, bet: Bet, result: BetResult, net: number, actorId: string, now: number): void {
  em.create(BetAuditSchema, { guildId: bet.guildId, betId: bet.id, actorId, action: 'graded', fromStatus: bet.status, toStatus: result, details: { net }, at: now });
  bet.status = result;
  bet.net = net;
  bet.settledAt = now;
}

/** Writes a durable `bet.settled` event per bet in the settling transaction. */
export async function publishSettled(ctx: BettingContext, em: EntityManager, rows: SettledRow[]): Promise<void> {
  await ctx.events.publishManyInTransaction(
    em,
    'bet.settled',
    rows.map((row) => ({ guildId: row.guild_id, betId: Number(row.id), userId: row.user_id, result: row.status as BetResult, net: Number(row.net) })),
  );
}

/** Drops the cached leaderboards of the servers where bets settled, and the cached stats of their bettors. */
export async function afterSettlement(ctx: BettingContext, rows: SettledRow[]): Promise<void> {
  await bumpStatsVersions(ctx, rows);
}
