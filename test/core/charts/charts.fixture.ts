/** Charts shared by the render tests. */

import type { ChartSpec } from '../../../src/core/charts/index.ts';

/** 2025-03-01 plus `i` days, as YYYY-MM-DD. */
export function day(i: number): string {
  return new Date(Date.UTC(2025, 2, 1 + i)).toISOString().slice(0, 10);
}

/** Thirty days of cumulative net units that dip below zero and recover. */
export const netUnitsLine: ChartSpec = {
  title: 'Net units — last 30 days',
  subtitle: 'All sports · 142 settled bets',
  yLabel: 'Net units',
  kind: 'line',
  xType: 'temporal',
  points: [0, 1.5, 2.25, 1.25, -0.5, -2, -1.1, 0.4, 2.9, 3.5].map((y, i) => ({ x: day(i * 3), y })),
};

/** Net units by sport, positive and negative. */
export const bySport: ChartSpec = {
  title: 'Net units by sport',
  yLabel: 'Units',
  kind: 'bar',
  xType: 'nominal',
  points: [
    { x: 'Soccer', y: 12.4 },
    { x: 'Basketball', y: -3.2 },
    { x: 'Tennis', y: 4 },
    { x: 'Ice Hockey', y: 1.1 },
  ],
};
