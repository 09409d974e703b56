import { PERIODS, computeStats, leaderboard, periodStart, type CapperStats, type LeaderboardMetric, type LeaderboardRow, type Period, type StatsFilter } from '../services/stats.ts';
import { roundUnits } from '../services/payout.ts';
import { percent, signedUnits, units } from '../views/bet-slip.ts';
import type { BettingContext } from '../services/context.ts';

export type { CapperStats, LeaderboardMetric, LeaderboardRow, Period, StatsFilter };

/** The one stats summary and the one way to write units and rates, for every plugin that shows betting numbers. */
export interface BettingStatsApi {
  /** The periods stats and leaderboards accept. */
  readonly periods: readonly Period[];
  /** Start (epoch ms, UTC) of the period containing `now`; 0 for `all`. */
  periodStart(period: Period, now: number): number;
  /** Win rate, ROI, CLV, units and streaks of a member or a whole server (settled bets only). */
  summary(filter: StatsFilter, now?: number): Promise<CapperStats>;
  /** The server's leaderboard, as `/leaderboard` shows it. */
  leaderboard(guildId: string, metric: LeaderboardMetric, period: Period, now?: number, limit?: number): Promise<LeaderboardRow[]>;
  /** Units rounded as settlement rounds them (4 decimals). */
  roundUnits(value: number): number;
  /** How betting writes numbers: `2.50u`, `+1.20u`, `54.3%`. */
  readonly format: { units(n: number): string; signedUnits(n: number): string; percent(n: number | null): string };
}

export function statsApi(ctx: BettingContext): BettingStatsApi {
  return {
    periods: PERIODS,
    periodStart,
    summary: (filter, now) => computeStats(ctx, filter, now),
    leaderboard: (guildId, metric, period, now, limit) => leaderboard(ctx, guildId, metric, period, now, limit),
    roundUnits,
    format: { units, signedUnits, percent },
  };
}
