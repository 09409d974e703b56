import { z } from 'zod';
import { defineRoute, type ApiRoute } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { computeStats } from '../services/stats.ts';
import { betTypeShape, periodShape, statsShape } from './shapes.ts';

/** `GET /stats`: the record of the server, or of one member, as /stats computes it. */
export function statsEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/stats',
      operationId: 'getBettingStats',
      summary: 'Get betting stats of the server or a member',
      description: 'Record, win rate, units, ROI, streaks and closing line value from settled, verified bets only, as /stats shows them.',
      query: z.object({
        userId: z.string().regex(/^\d{1,20}$/, 'must be a Discord user id').optional().describe('A member; leave out for the whole server.'),
        period: periodShape.default('all'),
        sport: z.string().min(1).max(32).optional(),
        league: z.string().min(1).max(64).optional(),
        betType: betTypeShape.optional(),
      }),
      response: statsShape,
      async handler({ guildId, query }) {
        const stats = await computeStats(ctx, { guildId, userId: query.userId, period: query.period, sport: query.sport, league: query.league, betType: query.betType });
        return { userId: query.userId ?? null, period: query.period, ...stats };
      },
    }),
  ];
}
