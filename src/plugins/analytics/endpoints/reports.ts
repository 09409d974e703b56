import { decodeCursor, defineRoute, pageOf, pageQuery, Refusal } from 'dbsbm';
import { z } from 'zod';
import type { AnalyticsContext } from '../services/context.ts';
import { reportsPage } from '../services/saved-reports.ts';
import { reportShape } from './shapes.ts';
import { filterBody } from './summary.ts';

/** Where the previous page ended (a report's name and id), or null for the first page. */
function positionOf(cursor: string | undefined): { name: string; id: number } | null {
  const at = decodeCursor(cursor);
  if (!at) return null;
  if (typeof at.v !== 'string' || typeof at.id !== 'number') {
    throw new Refusal('INVALID_INPUT', 'The cursor is not one this list made.', { next: 'Pass the `next_cursor` of the previous page unchanged, or omit `cursor` for the first page.' });
  }
  return { name: at.v, id: at.id };
}

export function listReports(ctx: AnalyticsContext) {
  return defineRoute({
    method: 'get',
    path: '/reports',
    operationId: 'listAnalyticsReports',
    summary: 'Saved reports',
    description: 'The reports saved on this server with `/analytics report save`, by name. Export one with `createAnalyticsExport` and its `reportId`.',
    query: z.object(pageQuery),
    response: pageOf(reportShape),
    async handler({ guildId, query }) {
      const page = await reportsPage(ctx, guildId, { after: positionOf(query.cursor), limit: query.limit });
      return {
        ...page,
        data: page.data.map((r) => ({
          id: r.id,
          name: r.name,
          metrics: r.definition.metrics,
          dimension: r.definition.dimension,
          filter: filterBody(r.definition.filter),
          createdBy: r.createdBy,
          createdAt: new Date(r.createdAt).toISOString(),
        })),
      };
    },
  });
}
