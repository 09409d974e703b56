import type { ApiRoute } from 'dbsbm';
import type { AnalyticsContext } from '../services/context.ts';
import { createExport } from './exports.ts';
import { listReports } from './reports.ts';
import { getSummary } from './summary.ts';

/** The analytics plugin's routes of the public API, under `/api/v1/analytics`: figures, saved reports, exports. */
export function analyticsEndpoints(ctx: AnalyticsContext): ApiRoute[] {
  return [getSummary(ctx), listReports(ctx), createExport(ctx)];
}
