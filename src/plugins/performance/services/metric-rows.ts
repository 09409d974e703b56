import type { EntityManager } from '@mikro-orm/knex';
import type { SqlValue } from 'dbsbm';
import { MINUTE } from '../entities/performance-metric.ts';
import { METRICS, type Figure, type MetricName } from './catalogue.ts';
import type { PerformanceContext } from './context.ts';
import { seriesKey } from './series.ts';

/** A row of `performance_metrics` as the services read it. */
export interface MetricRow {
  metric: string;
  value: number;
  max: number;
  samples: number;
  unit: string | null;
  tags: Record<string, string>;
  series: string;
  resolution: number;
  timestamp: number;
}

const COLUMNS = 'metric_name, metric_value, max_value, samples, metric_unit, tags, series, resolution, `timestamp`';
const ROWS_PER_STATEMENT = 100;

/** Start of the minute `at` falls in. */
export const minuteOf = (at: number): number => Math.floor(at / 60_000) * 60_000;

/**
 * Writes rows, a hundred per statement; a row for a series and time already written is left as it is (two samples in
 * one minute, a retried job), so writing is idempotent.
 */
export async function insertRows(ctx: PerformanceContext, rows: readonly MetricRow[], em?: EntityManager): Promise<void> {
  const onConflict = ctx.data.dialect === 'sqlite' ? 'on conflict do nothing' : 'on duplicate key update id = id';
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: SqlValue[] = chunk.flatMap((r) => [r.metric, r.value, r.max, r.samples, r.unit, JSON.stringify(r.tags), r.series, r.resolution, r.timestamp]);
    await ctx.data.run(`insert into performance_metrics (${COLUMNS}) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${onConflict}`, params, em);
  }
}

/** One minute's figures as rows of that minute. */
export function minuteRows(figures: readonly Figure[], minute: number): MetricRow[] {
  return figures
    .filter((f) => Number.isFinite(f.value))
    .map((f) => ({ metric: f.metric, value: f.value, max: f.value, samples: 1, unit: METRICS[f.metric].unit, tags: f.tags, series: seriesKey(f.tags), resolution: MINUTE, timestamp: minute }));
}

function toRow(r: Record<string, unknown>): MetricRow {
  const tags = typeof r.tags === 'string' ? (JSON.parse(r.tags) as Record<string, string>) : ((r.tags as Record<string, string> | null) ?? {});
  return {
    metric: String(r.metric_name),
    value: Number(r.metric_value),
    max: Number(r.max_value),
    samples: Number(r.samples),
    unit: (r.metric_unit as string | null) ?? null,
    tags,
    series: String(r.series),
    resolution: Number(r.resolution),
    timestamp: Number(r.timestamp),
  };
}

/** Rows of some metrics at one resolution with `from < timestamp <= to`, oldest first. */
export async function readRows(
  ctx: PerformanceContext,
  q: { metrics: readonly MetricName[]; from: number; to: number; resolution?: number },
): Promise<MetricRow[]> {
  if (q.metrics.length === 0) return [];
  const rows = await ctx.data.all(
    `select ${COLUMNS} from performance_metrics
     where metric_name in (${q.metrics.map(() => '?').join(', ')}) and resolution = ? and \`timestamp\` > ? and \`timestamp\` <= ?
     order by \`timestamp\`, series`,
    [...q.metrics, q.resolution ?? MINUTE, q.from, q.to],
  );
  return rows.map(toRow);
}

/** Minute rows older than `before`, to fold into hours. */
export async function minuteRowsBefore(ctx: PerformanceContext, before: number, em?: EntityManager): Promise<MetricRow[]> {
  const rows = await ctx.data.all(`select ${COLUMNS} from performance_metrics where resolution = ? and \`timestamp\` < ?`, [MINUTE, before], em);
  return rows.map(toRow);
}
