import { defineRoute } from 'dbsbm';
import { z } from 'zod';
import type { AnalyticsContext } from '../services/context.ts';
import { dayStart } from '../services/days.ts';
import { dayRange, type MetricsFilter } from '../services/filters.ts';
import { summary } from '../services/metrics.ts';
import { filterInput, summaryShape, type filterShape } from './shapes.ts';

/** A filter as the API echoes it: every field present, null where it does not narrow. */
export function filterBody(f: Omit<MetricsFilter, 'guildId'>): z.input<typeof filterShape> {
  return { period: f.period, sport: f.sport ?? null, league: f.league ?? null, capper: f.capper ?? null, betType: f.betType ?? null };
}

export function getSummary(ctx: AnalyticsContext) {
  return defineRoute({
    method: 'get',
    path: '/summary',
    operationId: 'getAnalyticsSummary',
    summary: "The server's figures for a period",
    description:
      "Settled bets, record, win rate, units risked and net, ROI, closing-line value and active members for a period, narrowed by the same filters as the `/analytics` command. Read from the roll-ups: the same numbers as `/stats`, the dashboard and the reports.",
    query: z.object(filterInput),
    response: summaryShape,
    async handler({ guildId, query }) {
      const now = Date.now();
      const f: MetricsFilter = { ...query, guildId };
      const range = dayRange(ctx.use('betting'), f.period, now);
      const figures = await summary(ctx, f, now);
      return {
        filter: filterBody(query),
        from: f.period === 'all' ? null : new Date(dayStart(range.fromDay)).toISOString(),
        to: new Date(dayStart(range.toDay)).toISOString(),
        ...figures,
      };
    },
  });
}
