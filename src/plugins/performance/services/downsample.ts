import { HOUR, MINUTE } from '../entities/performance-metric.ts';
import type { PerformanceContext } from './context.ts';
import { insertRows, minuteRowsBefore, type MetricRow } from './metric-rows.ts';

const HOUR_MS = HOUR * 1000;

/** What one downsampling pass did. */
export interface DownsampleResult {
  /** Minute rows folded into hours (and deleted). */
  folded: number;
  /** Hourly rows written. */
  hours: number;
  /** Hourly rows past their retention, deleted. */
  expired: number;
}

/**
 * Folds minute rows into hourly rows per metric and series: the mean of the minutes (`metric_value`), the largest
 * minute (`max_value`) and how many minutes there were (`samples`).
 */
export function foldIntoHours(rows: readonly MetricRow[]): MetricRow[] {
  const hours = new Map<string, MetricRow & { sum: number }>();
  for (const r of rows) {
    const hour = Math.floor(r.timestamp / HOUR_MS) * HOUR_MS;
    const key = `${r.metric}|${r.series}|${hour}`;
    const h = hours.get(key);
    if (!h) hours.set(key, { ...r, resolution: HOUR, timestamp: hour, sum: r.value * r.samples, max: r.max, samples: r.samples });
    else {
      h.sum += r.value * r.samples;
      h.samples += r.samples;
      h.max = Math.max(h.max, r.max);
    }
  }
  return [...hours.values()].map(({ sum, ...h }) => ({ ...h, value: sum / h.samples }));
}

/**
 * Keeps the table small: minute rows older than `minuteRetentionHours` (whole hours only) become hourly rows, and
 * hourly rows older than `hourRetentionDays` are deleted. One transaction: a pass that fails leaves the minutes.
 */
export async function downsample(ctx: PerformanceContext, now = Date.now()): Promise<DownsampleResult> {
  const cutoff = Math.floor((now - ctx.options.minuteRetentionHours * HOUR_MS) / HOUR_MS) * HOUR_MS;
  const expireBefore = now - ctx.options.hourRetentionDays * 24 * HOUR_MS;
  return ctx.data.transaction(async (em) => {
    const minutes = await minuteRowsBefore(ctx, cutoff, em);
    const hours = foldIntoHours(minutes);
    await insertRows(ctx, hours, em);
    const folded = await ctx.data.run('delete from performance_metrics where resolution = ? and `timestamp` < ?', [MINUTE, cutoff], em);
    const expired = await ctx.data.run('delete from performance_metrics where resolution = ? and `timestamp` < ?', [HOUR, expireBefore], em);
    return { folded: folded.changes, hours: hours.length, expired: expired.changes };
  });
}
