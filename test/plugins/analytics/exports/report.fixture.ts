/** Report tables shared by the export tests. */

import type { ReportTable } from '../../../../src/plugins/analytics/exports/index.ts';

const march = (day: number, hour: number, minute = 0): number => Date.UTC(2025, 2, day, hour, minute);

/** A small leaderboard whose text cells carry every CSV hazard, with nulls and a totals row. */
export const leaderboard: ReportTable = {
  title: 'Leaderboard — March 2025',
  subtitle: 'Settled bets, all sports',
  generatedAt: march(31, 18, 5),
  timeZone: 'Europe/London',
  filters: [
    { label: 'Period', value: '2025-03-01 to 2025-03-31' },
    { label: 'Sport', value: 'All' },
  ],
  columns: [
    { key: 'member', label: 'Member', kind: 'text' },
    { key: 'bets', label: 'Bets', kind: 'int' },
    { key: 'net', label: 'Net', kind: 'units' },
    { key: 'winRate', label: 'Win rate', kind: 'percent' },
    { key: 'odds', label: 'Avg odds', kind: 'decimal' },
    // London moves to BST at 01:00 UTC on 30 March 2025.
    { key: 'lastBet', label: 'Last bet', kind: 'date' },
  ],
  rows: [
    { member: 'alice', bets: 1204, net: 1.5, winRate: 0.6, odds: 1.909, lastBet: march(5, 13, 30) },
    { member: 'Bob "the Tout", Jr.', bets: 42, net: -0.755, winRate: 0.123456, odds: 2.1, lastBet: march(30, 0, 59) },
    { member: 'carol\nsecond line', bets: 7, net: 0, winRate: 0, odds: null, lastBet: march(30, 1, 0) },
    { member: '=HYPERLINK("http://x")', bets: 3, net: 12.345, winRate: 1, odds: 3.25, lastBet: null },
    { member: 'Zoë 🎾', bets: 0, net: null, winRate: null, odds: null, lastBet: march(31, 23, 59) },
  ],
  totals: { bets: 1256, net: 13.09, winRate: 0.5532 },
};

/** A daily chart to go with the leaderboard. */
export const leaderboardWithChart: ReportTable = {
  ...leaderboard,
  chart: {
    title: 'Net units by day',
    yLabel: 'Units',
    kind: 'bar',
    xType: 'temporal',
    points: [1.5, -0.75, 0, 2.25, -1].map((y, i) => ({ x: `2025-03-0${i + 1}`, y })),
  },
};

/** A leaderboard of `count` generated rows (no totals, no chart). */
export function manyRows(count: number): ReportTable {
  return {
    ...leaderboard,
    totals: undefined,
    rows: Array.from({ length: count }, (_, i) => ({
      member: `member ${i}`,
      bets: i % 97,
      net: ((i * 37) % 2001) / 100 - 10,
      winRate: (i % 1000) / 1000,
      odds: 1.5 + (i % 40) / 20,
      lastBet: Date.UTC(2025, 0, 1) + i * 61_000,
    })),
  };
}
