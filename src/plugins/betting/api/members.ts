import type { BettingContext } from '../services/context.ts';
import { limitsInForce, LIMIT_TOLERANCE, type LimitsInForce, type UnitLimitInForce } from '../services/limits.ts';
import { betsSince, holdersOfGame, openBets, settledRecords, type BetView, type SettledRecordView } from '../services/member-reads.ts';

export type { BetView, LimitsInForce, SettledRecordView, UnitLimitInForce };

/** The limits placement enforces on a member's next bet, as plain numbers. */
export interface MemberLimitsView extends LimitsInForce {
  /** The server's stake range for one bet, in units. */
  perBet: { min: number; max: number };
  /** A stake fits a unit limit when staked + units ≤ limit + this. */
  tolerance: number;
}

/** A member's settled records, open bets and the limits in force, exactly as placement enforces them. */
export interface BettingMembersApi {
  /** A member's settled bets in a server (units and net), in settling order. */
  settledRecords(guildId: string, userId: string): Promise<SettledRecordView[]>;
  /** A member's open (pending or live) bets in a server, with the team each is on. */
  openBets(guildId: string, userId: string): Promise<BetView[]>;
  /** Every bet of a server's members placed at or after `since` (epoch ms), cancelled ones left out, in placing order. */
  betsSince(guildId: string, since: number): Promise<BetView[]>;
  /**
   * The limits in force for a member at `now` (default: now): self-exclusion, cooling-off, each unit limit with what
   * is staked in its rolling window (24 hours, 7 days), a raise not in force yet, and the server's per-bet range.
   * Placement refuses a bet by exactly these numbers.
   */
  limitsInForce(guildId: string, userId: string, now?: number): Promise<MemberLimitsView>;
  /** Members holding open bets on a game, per server, with those bets' ids (for alerts about the game). @since 1.4.0 */
  holdersOfGame(gameId: number): Promise<{ guildId: string; userId: string; betIds: number[] }[]>;
}

export function membersApi(ctx: BettingContext): BettingMembersApi {
  return {
    settledRecords: (guildId, userId) => settledRecords(ctx.em(), guildId, userId),
    openBets: (guildId, userId) => openBets(ctx.em(), guildId, userId),
    betsSince: (guildId, since) => betsSince(ctx.em(), guildId, since),
    holdersOfGame: (gameId) => holdersOfGame(ctx.em(), gameId),
    limitsInForce: async (guildId, userId, now = Date.now()) => {
      const settings = await ctx.settings.get(guildId);
      const inForce = await limitsInForce(ctx.em(), guildId, userId, now);
      return { ...inForce, perBet: { min: settings.minUnits, max: settings.maxUnits }, tolerance: LIMIT_TOLERANCE };
    },
  };
}
