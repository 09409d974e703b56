import type { ChartSpec } from '../render/index.ts';
import type { DailyPoint } from './metrics.ts';

export const CHART_METRICS = ['net', 'bets', 'risked', 'members'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

const TITLES: Record<ChartMetric, { title: string; yLabel: string; kind: 'line' | 'bar' }> = {
  net: { title: 'Net units (running total)', yLabel: 'units', kind: 'line' },
  bets: { title: 'Bets settled per day', yLabel: 'bets', kind: 'bar' },
  risked: { title: 'Units risked per day', yLabel: 'units', kind: 'bar' },
  members: { title: 'Active members per day', yLabel: 'members', kind: 'line' },
};

/** The chart of one metric over the days of a slice (one series). */
export function chartOf(metric: ChartMetric, points: readonly DailyPoint[], subtitle?: string): ChartSpec {
  const t = TITLES[metric];
  const y = (p: DailyPoint): number => (metric === 'net' ? p.cumulativeNet : metric === 'bets' ? p.bets : metric === 'risked' ? p.risked : p.members);
  return { title: t.title, yLabel: t.yLabel, kind: t.kind, xType: 'temporal', points: points.map((p) => ({ x: p.day, y: y(p) })), ...(subtitle ? { subtitle } : {}) };
}
