import { z } from 'zod';
import { BET_TYPES, metricsFilterSchema, PERIODS } from '../services/filters.ts';
import { REPORT_DIMENSIONS, REPORT_METRICS } from '../services/reports.ts';

const filterFields = metricsFilterSchema.shape;

/**
 * The filters every analytics question takes (the `/analytics` command's options), from the same schema the command
 * and the dashboard validate with.
 */
export const filterInput = {
  period: filterFields.period.describe('Which calendar period (UTC), as `/stats` counts them. Default `month` (this month).'),
  sport: filterFields.sport.describe('Only this sport, e.g. `soccer`.'),
  league: filterFields.league.describe('Only this league, e.g. `premier-league`.'),
  capper: filterFields.capper.describe("Only this member's bets (a Discord user id)."),
  betType: filterFields.betType.describe('Only this kind of bet.'),
};

/** The filters as applied, echoed beside the numbers. */
export const filterShape = z
  .object({
    period: z.enum(PERIODS),
    sport: z.string().nullable(),
    league: z.string().nullable(),
    capper: z.string().nullable().describe('A Discord user id, or null for every member.'),
    betType: z.enum(BET_TYPES).nullable(),
  })
  .meta({ id: 'AnalyticsFilter', description: 'What a set of figures is narrowed to; null means not narrowed.' });

export const summaryShape = z
  .object({
    filter: filterShape,
    from: z.string().nullable().describe('Start of the period (a UTC day, ISO 8601); null for `all`.'),
    to: z.string().describe('End of the period, exclusive: the UTC day after today, ISO 8601.'),
    bets: z.number().int().describe('Settled bets.'),
    wins: z.number().int(),
    losses: z.number().int(),
    pushes: z.number().int(),
    voids: z.number().int(),
    winRate: z.number().nullable().describe('wins / (wins + losses); null with neither.'),
    risked: z.number().describe('Units staked on bets that were not voided.'),
    net: z.number().describe('Units won minus units lost.'),
    roi: z.number().nullable().describe('net / risked; null when nothing was risked.'),
    clv: z.number().nullable().describe('Average closing-line value, where both prices are known.'),
    activeMembers: z.number().int().describe('Members with at least one settled bet in the slice.'),
  })
  .meta({ id: 'AnalyticsSummary', description: "A server's settled-bet figures for a period: the same definitions as `/stats`, the dashboard and the reports." });

export const reportShape = z
  .object({
    id: z.number().int(),
    name: z.string(),
    metrics: z.array(z.enum(REPORT_METRICS)).describe('The columns, in order.'),
    dimension: z.enum(REPORT_DIMENSIONS).describe('What the rows break the figures down by.'),
    filter: filterShape,
    createdBy: z.string().describe('Discord user id of the admin who saved it.'),
    createdAt: z.string().describe('ISO 8601.'),
  })
  .meta({ id: 'SavedReport', description: 'A report saved with `/analytics report save`: metrics × a dimension × filters.' });
