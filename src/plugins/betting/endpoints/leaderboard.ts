import { z } from 'zod';
import { defineRoute, type ApiRoute } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { LEADERBOARD_METRICS, leaderboard } from '../services/stats.ts';
import { leaderboardShape, periodShape } from './shapes.ts';

/** `GET /leaderboard`: the server's ranking, as /leaderboard shows it. */
export function leaderboardEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/leaderboard',
      operationId: 'getBettingLeaderboard',
      summary: "Get the server's leaderboard",
      description: "Members ranked by a metric over a period, among those with the server's minimum of settled bets (leaderboardMinBets), as /leaderboard shows them.",
      query: z.object({
        metric: z.enum(LEADERBOARD_METRICS).default('net').describe('Rank by net units, ROI, win rate or settled bets.'),
        period: periodShape.default('month'),
        limit: z.coerce.number().int().min(1).max(100).default(10).describe('Members to rank, 1 to 100.'),
      }),
      response: leaderboardShape,
      async handler({ guildId, query }) {
        const entries = await leaderboard(ctx, guildId, query.metric, query.period, Date.now(), query.limit);
        const { leaderboardMinBets } = await ctx.settings.get(guildId);
        return { metric: query.metric, period: query.period, minBets: leaderboardMinBets, entries };
      },
    }),
  ];
}
