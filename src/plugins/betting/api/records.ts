import { placedBets, type PlacedBet } from '../services/bet-history.ts';
import type { BettingContext } from '../services/context.ts';
import { placedWindowRecords, type MemberWindowRecord, type PlacedWindow } from '../services/placed-window.ts';
import {
  memberDayTotals,
  memberDayTotalsQuery,
  settledBets,
  settlementOf,
  type EmbeddableQuery,
  type MemberDayTotals,
  type SettledBet,
  type SettledBetsQuery,
  type SettledCounters,
  type SettledRange,
} from '../services/settled-records.ts';

export type { EmbeddableQuery, MemberDayTotals, MemberWindowRecord, PlacedBet, PlacedWindow, SettledBet, SettledBetsQuery, SettledCounters, SettledRange };

/** Settled records and bets of a server, a member or a period (analytics reads these). */
export interface BettingRecordsApi {
  /**
   * Settled totals per member, UTC day of settlement, sport, league and bet type, summed by the database (the same
   * definitions as `/stats`: risked excludes voids, CLV only where both prices are known, kept as sum and count).
   * @example
   * // One member's day, as a roll-up refresh reads it:
   * await betting.memberDayTotals({ guildId, userId, from: day * 86_400_000, to: (day + 1) * 86_400_000 });
   * @since 1.1.0
   */
  memberDayTotals(range: SettledRange): Promise<MemberDayTotals[]>;
  /**
   * The same totals as one SELECT to embed in a statement of the caller's own, so a plugin in the same database
   * copies a million bets' totals without moving them through Node: `insert into mine (…) select … from (<sql>) t`.
   * Columns: `user_id, day, sport, league, bet_type, bets, wins, losses, pushes, voids, risked, net, clv_sum,
   * clv_n`. The text names betting's tables so the caller never does; bind `params` in order. Run it on the
   * caller's transaction to read what that transaction sees.
   * @since 1.1.0
   */
  memberDayTotalsQuery(range: SettledRange): EmbeddableQuery;
  /** The server, member and settlement time of a settled bet; null when it is not settled (or does not exist). @since 1.1.0 */
  settlementOf(betId: number): Promise<{ guildId: string; userId: string; settledAt: number } | null>;
  /** Settled bets of a server or member in a range, narrowed by sport, league and bet type, newest first. @since 1.1.0 */
  settledBets(query: SettledBetsQuery): Promise<SettledBet[]>;
  /** A member's latest bets in a server, any status (open ones too), oldest first; at most `limit` (default 500). @since 1.1.0 */
  placedBets(guildId: string, userId: string, limit?: number): Promise<PlacedBet[]>;
  /**
   * Every member's settled record over the bets they PLACED in a window (a contest's rule: a bet placed before the
   * window never counts, whenever it settles), with the net, ROI and win rate of `/stats`. Imported history is left
   * out. One row per member with a settled bet, by member id; the caller ranks.
   * @example
   * // Final standings of a contest, the same whenever they are read:
   * await betting.placedWindowRecords({ guildId, placedFrom: startsAt, placedTo: endsAt, settledBefore: endsAt });
   * @since 1.3.0
   */
  placedWindowRecords(window: PlacedWindow): Promise<MemberWindowRecord[]>;
}

export function recordsApi(ctx: BettingContext): BettingRecordsApi {
  return {
    memberDayTotals: (range) => memberDayTotals(ctx, range),
    memberDayTotalsQuery: (range) => memberDayTotalsQuery(ctx, range),
    settlementOf: (betId) => settlementOf(ctx, betId),
    settledBets: (query) => settledBets(ctx, query),
    placedBets: (guildId, userId, limit) => placedBets(ctx, guildId, userId, limit),
    placedWindowRecords: (window) => placedWindowRecords(ctx, window),
  };
}
