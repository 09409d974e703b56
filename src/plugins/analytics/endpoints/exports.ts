import { defineRoute, fileResponse, Refusal } from 'dbsbm';
import { z } from 'zod';
import type { AnalyticsContext } from '../services/context.ts';
import { EXPORT_FORMATS } from '../services/export-file.ts';
import { PERIODS } from '../services/filters.ts';
import { exportReport } from '../services/report-export.ts';
import { DEFAULT_REPORT, REPORT_DIMENSIONS, reportDefinitionSchema } from '../services/reports.ts';
import { findReport } from '../services/saved-reports.ts';
import { filterInput } from './shapes.ts';

const exportBody = z
  .object({
    format: z.enum(EXPORT_FORMATS).describe('`csv` (text/csv), `xlsx` (Excel) or `pdf`.'),
    reportId: z.number().int().positive().optional().describe('A saved report (see `listAnalyticsReports`); it brings its own metrics, breakdown and filters, so give none of those with it.'),
    dimension: z.enum(REPORT_DIMENSIONS).optional().describe('Without `reportId`: what the rows break the figures down by. Default `capper`.'),
    ...filterInput,
    // Left unset rather than defaulted, so a period given beside `reportId` is noticed; the report's schema defaults it.
    period: z.enum(PERIODS).optional().describe('Without `reportId`: which calendar period (UTC), as `/stats` counts them. Default `month`.'),
  })
  .strict()
  .meta({ id: 'AnalyticsExportRequest' });

const NARROWING = ['dimension', 'period', 'sport', 'league', 'capper', 'betType'] as const;

export function createExport(ctx: AnalyticsContext) {
  return defineRoute({
    method: 'post',
    path: '/exports',
    operationId: 'createAnalyticsExport',
    summary: 'Export a report as a CSV, Excel or PDF file',
    description:
      "Runs a saved report (`reportId`), or the server's figures by a breakdown and filters (what `/analytics export` does), and answers with the file. Each export takes one from the server's monthly allowance, shared with `/analytics export` and scheduled deliveries (429 LIMIT_REACHED when none is left, saying when it renews), so this needs a write key: a read-only key cannot use the allowance up.",
    // Spending the monthly allowance changes the server's state, so a read-only key must not be able to exhaust it.
    scope: 'write',
    status: 200,
    body: exportBody,
    response: fileResponse,
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
    graphql: false,
    async handler({ guildId, body }) {
      const { format, reportId, dimension, ...filter } = body;
      if (reportId !== undefined) {
        const given = NARROWING.filter((k) => body[k] !== undefined);
        if (given.length > 0) {
          throw new Refusal('INVALID_INPUT', `A saved report brings its own breakdown and filters: drop ${given.join(', ')}.`, {
            next: 'Send only `format` and `reportId`, or leave `reportId` out to export with filters.',
          });
        }
        const report = await findReport(ctx, guildId, reportId);
        if (!report) throw new Refusal('NOT_FOUND', `This server has no saved report #${reportId}.`, { next: 'See the saved reports with GET /api/v1/analytics/reports.' });
        const { file } = await exportReport(ctx, { guildId, definition: report.definition, title: report.name, format });
        return { filename: file.name, contentType: file.contentType, data: file.data };
      }
      const definition = reportDefinitionSchema.parse({ ...DEFAULT_REPORT, dimension: dimension ?? DEFAULT_REPORT.dimension, filter });
      const { file } = await exportReport(ctx, { guildId, definition, title: 'Server analytics', format });
      return { filename: file.name, contentType: file.contentType, data: file.data };
    },
  });
}
