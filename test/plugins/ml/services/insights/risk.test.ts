import test from 'ava';
import {
  betsPerPeriod,
  cumulativeCurve,
  maxDrawdown,
  riskSummary,
  roi,
  sharpeLike,
  sortinoLike,
} from '../../../../../src/plugins/ml/services/insights/risk.ts';
import { near } from './near.ts';

const DAY = 86_400_000;
/** One-unit bets a day apart with the given nets. */
const records = (nets: readonly number[]) => nets.map((net, i) => ({ settledAt: 1_700_000_000_000 + i * DAY, units: 1, net }));

test('the cumulative curve is the running total of nets', (t) => {
  t.deepEqual(cumulativeCurve(records([2, 1, -1])).map((p) => p.cumulative), [2, 3, 2]);
});

test('records are put in settlement order before anything is computed', (t) => {
  const rows = records([2, 1, -1]).reverse();
  t.deepEqual(cumulativeCurve(rows).map((p) => p.cumulative), [2, 3, 2]);
});

test('maximum drawdown on a constructed curve: 4 units from the second visit to the high of 3 down to -1', (t) => {
  // Curve: 2, 3, 2, 0, 3, -1, 0. Falls of 3 (3 → 0) and 4 (3 → -1); the later visit to 3 starts the larger one.
  const rows = records([2, 1, -1, -2, 3, -4, 1]);
  const dd = maxDrawdown(rows);
  t.is(dd.units, 4);
  t.deepEqual(dd.peak, { index: 4, settledAt: rows[4].settledAt, cumulative: 3 });
  t.deepEqual(dd.trough, { index: 5, settledAt: rows[5].settledAt, cumulative: -1 });
});

test('losing from the first bet counts, from the start at 0', (t) => {
  const dd = maxDrawdown(records([-1, -1.5, 0.5]));
  t.is(dd.units, 2.5);
  t.deepEqual(dd.peak, { index: null, settledAt: null, cumulative: 0 });
  t.is(dd.trough?.index, 1);
});

test('a curve that never falls has no drawdown', (t) => {
  t.deepEqual(maxDrawdown(records([1, 0, 2])), { units: 0, peak: null, trough: null });
  t.deepEqual(maxDrawdown([]), { units: 0, peak: null, trough: null });
});

test('Sharpe-like ratio on a constructed series: mean 0.4 / sample sd √1.8, × √4 bets per period', (t) => {
  // Nets 1, -1, 1, -1, 2: mean 0.4; squared deviations add to 7.2, so the sample variance is 7.2/4 = 1.8.
  const rows = records([1, -1, 1, -1, 2]);
  near(t, sharpeLike(rows, { betsPerPeriod: 4 }), (0.4 / Math.sqrt(1.8)) * 2, 1e-12);
});

test('Sortino-like ratio divides by the downside deviation √(Σ min(net, 0)²/n) = √(2/5)', (t) => {
  const rows = records([1, -1, 1, -1, 2]);
  near(t, sortinoLike(rows, { betsPerPeriod: 4 }), (0.4 / Math.sqrt(2 / 5)) * 2, 1e-12);
});

test('bets per period is estimated from the span, never from less than one period', (t) => {
  // 5 bets over 4 days with a 30-day period: the span is floored at 30 days, so 5 bets per period.
  near(t, betsPerPeriod(records([1, -1, 1, -1, 2])), 5);
  // 61 bets a day apart span 60 days: 61 × 30/60 = 30.5 a period.
  near(t, betsPerPeriod(records(Array.from({ length: 61 }, () => 0))), 30.5);
  near(t, betsPerPeriod(records([1, 2]), { periodMs: DAY }), 2);
  t.is(betsPerPeriod([]), null);
});

test('ratios are null when they would divide by zero', (t) => {
  t.is(sharpeLike(records([1])), null);
  t.is(sharpeLike(records([1, 1, 1])), null);
  t.is(sortinoLike(records([1, 2, 0])), null);
});

test('ROI is net over staked', (t) => {
  const rows = [
    { settledAt: 1, units: 2, net: 1.8 },
    { settledAt: 2, units: 1, net: -1 },
    { settledAt: 3, units: 1, net: 0 },
  ];
  near(t, roi(rows), 0.8 / 4);
  t.is(roi([]), null);
});

test('the summary gathers every figure', (t) => {
  const summary = riskSummary(records([1, -1, 1, -1, 2]), { betsPerPeriod: 4 });
  t.is(summary.bets, 5);
  near(t, summary.net, 2);
  near(t, summary.roi, 0.4);
  t.is(summary.drawdown.units, 1);
  t.is(summary.curve.length, 5);
  near(t, summary.sharpe, (0.4 / Math.sqrt(1.8)) * 2, 1e-12);
});

test('malformed records are refused', (t) => {
  t.throws(() => riskSummary([{ settledAt: 1, units: -1, net: 0 }]));
});
