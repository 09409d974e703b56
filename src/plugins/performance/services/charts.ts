import { chartPng, type ChartPoint, type ChartSpec } from 'dbsbm';
import type { MetricName } from './catalogue.ts';
import type { PerformanceContext } from './context.ts';
import { readRows, type MetricRow } from './metric-rows.ts';

const HOUR_MS = 3_600_000;

/** A minute as the chart's x: `YYYY-MM-DDTHH:MMZ`. */
const minuteX = (ts: number): string => `${new Date(ts).toISOString().slice(0, 16)}Z`;

/** One line per label: each minute's largest value of the metric's rows (across commands, instances). */
function worstPerMinute(rows: readonly MetricRow[], metric: MetricName, series: string, filter: (r: MetricRow) => boolean = () => true): ChartPoint[] {
  const byMinute = new Map<number, number>();
  for (const r of rows) if (r.metric === metric && filter(r)) byMinute.set(r.timestamp, Math.max(byMinute.get(r.timestamp) ?? -Infinity, r.value));
  return [...byMinute].sort(([a], [b]) => a - b).map(([ts, y]) => ({ x: minuteX(ts), y, series }));
}

/** The last hour of p99 latency (slowest command, API) and of the job queue, as chart specs. */
export async function lastHourCharts(ctx: PerformanceContext, now = Date.now()): Promise<{ latency: ChartSpec; queue: ChartSpec }> {
  const rows = await readRows(ctx, { metrics: ['command.latency.p99', 'api.latency.p99', 'jobs.queue.depth', 'jobs.queue.age'], from: now - HOUR_MS, to: now });
  return {
    latency: {
      title: 'p99 latency, last hour',
      subtitle: 'Slowest command and the HTTP API, each minute',
      yLabel: 'ms',
      kind: 'line',
      xType: 'temporal',
      points: [...worstPerMinute(rows, 'command.latency.p99', 'slowest command'), ...worstPerMinute(rows, 'api.latency.p99', 'HTTP API')],
    },
    queue: {
      title: 'Job queue, last hour',
      subtitle: 'Jobs due and waiting for a worker, all plugins',
      yLabel: 'jobs',
      kind: 'line',
      xType: 'temporal',
      points: worstPerMinute(rows, 'jobs.queue.depth', 'due jobs', (r) => r.series === ''),
    },
  };
}

/** A chart as a PNG file to attach. */
export async function chartFile(chart: ChartSpec, name: string): Promise<{ name: string; data: Buffer }> {
  return { name, data: await chartPng(chart, { width: 800, height: 360 }) };
}
