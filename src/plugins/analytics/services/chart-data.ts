import type { ChartSpec } from 'dbsbm';
import type { DailyPoint, DailyTotals } from './metrics.ts';

export const CHART_METRICS = ['net', 'bets', 'risked', 'members'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

const TITLES: Record<ChartMetric, { title: string; yLabel: string; kind: 'line' | 'bar' }> = {
  net: { title: 'Net units (running total)', yLabel: 'units', kind: 'line' },
  bets: { title: 'Bets settled per day', yLabel: 'bets', kind: 'bar' },
  risked: { title: 'Units risked per day', yLabel: 'units', kind: 'bar' },
  members: { title: 'Active members per day', yLabel: 'members', kind: 'line' },
};

/**
 * The chart of one metric over the days of a slice (one series). Members per day need {@link DailyPoint}s; the
 * other metrics are drawn from {@link DailyTotals} too (the server-day roll-up's series).
 */
export function chartOf(metric: 'members', points: readonly DailyPoint[], subtitle?: string): ChartSpec;
export function chartOf(metric: Exclude<ChartMetric, 'members'>, points: readonly DailyTotals[], subtitle?: string): ChartSpec;
export function chartOf(metric: ChartMetric, points: readonly DailyPoint[], subtitle?: string): ChartSpec;
export function chartOf(metric: ChartMetric, points: readonly (DailyTotals & { members?: number })[], subtitle?: string): ChartSpec {
  const t = TITLES[metric];
  const y = (p: DailyTotals & { members?: number }): number => (metric === 'net' ? p.cumulativeNet : metric === 'bets' ? p.bets : metric === 'risked' ? p.risked : p.members!);
  return { title: t.title, yLabel: t.yLabel, kind: t.kind, xType: 'temporal', points: points.map((p) => ({ x: p.day, y: y(p) })), ...(subtitle ? { subtitle } : {}) };
}
