import { METRIC_NAMES } from './catalogue.ts';
import type { PerformanceContext } from './context.ts';
import { readRows, type MetricRow } from './metric-rows.ts';

/** How far back "now" looks: a minute row is written a second after its minute, by each instance. */
const RECENT_MS = 5 * 60_000;

/** The newest minute row of every metric and series of the last five minutes. */
export async function currentFigures(ctx: PerformanceContext, now = Date.now()): Promise<MetricRow[]> {
  const rows = await readRows(ctx, { metrics: METRIC_NAMES, from: now - RECENT_MS, to: now });
  const newest = new Map<string, MetricRow>();
  for (const r of rows) {
    const key = `${r.metric}|${r.series}`;
    const seen = newest.get(key);
    if (!seen || seen.timestamp < r.timestamp) newest.set(key, r);
  }
  return [...newest.values()];
}
