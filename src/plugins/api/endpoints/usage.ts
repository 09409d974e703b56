import { defineRoute, type ApiRoute } from 'dbsbm';
import { z } from 'zod';
import type { ApiContext } from '../services/context.ts';
import { usageReport } from '../services/usage-report.ts';

const DAY_MS = 86_400_000;

const endpointUsage = z
  .object({
    method: z.string(),
    endpoint: z.string().describe('The route pattern, e.g. /api/v1/betting/bets/:betId.'),
    calls: z.number().int(),
    errors: z.number().int().describe('Answers with a status of 400 or more.'),
    p95Ms: z.number().int().describe('95th percentile answer time in milliseconds.'),
  })
  .meta({ id: 'EndpointUsage' });

/** `GET /api/v1/usage`: the server's API calls in the last days, as `/api usage` shows them. */
export function usageEndpoint(ctx: ApiContext): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/usage',
    root: true,
    operationId: 'getUsage',
    summary: 'API calls, errors and p95 answer time by endpoint for this server',
    query: z.object({ days: z.coerce.number().int().min(1).max(90).default(7).describe('How many days back, 1 to 90.') }),
    response: z
      .object({
        from: z.string().describe('ISO time the period starts.'),
        to: z.string(),
        calls: z.number().int(),
        errors: z.number().int(),
        endpoints: z.array(endpointUsage),
        days: z.array(z.object({ day: z.string().describe('UTC day, YYYY-MM-DD.'), calls: z.number().int(), errors: z.number().int() })),
      })
      .meta({ id: 'UsageReport' }),
    async handler({ guildId, query }) {
      const to = Date.now();
      const report = await usageReport(ctx, guildId, to - query.days * DAY_MS, to);
      return { ...report, from: new Date(report.from).toISOString(), to: new Date(report.to).toISOString() };
    },
  });
}
