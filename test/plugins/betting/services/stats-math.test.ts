import test, { type ExecutionContext } from 'ava';
import { americanToDecimal } from '../../../../src/plugins/betting/services/odds.ts';
import type { BetResult } from '../../../../src/plugins/betting/services/payout.ts';
import {
  closingLineValue,
  maxDrawdown,
  recordRates,
  summarize,
  type SettledBet,
} from '../../../../src/plugins/betting/services/stats-math.ts';

function near(t: ExecutionContext, actual: number | null, expected: number, epsilon = 1e-9): void {
  t.true(actual !== null && Math.abs(actual - expected) < epsilon, `expected ${actual} to be within ${epsilon} of ${expected}`);
}

/** A 1-unit bet at 2.0 with the net that result implies. */
function bet(result: BetResult, extra: Partial<SettledBet> = {}): SettledBet {
  const net = result === 'won' ? 1 : result === 'lost' ? -1 : 0;
  return { result, units: 1, net, decimal: 2, ...extra };
}

// --- summarize ---

test('summarize of no bets has empty counts and null ratios', (t) => {
  t.deepEqual(summarize([]), {
    bets: 0,
    wins: 0,
    losses: 0,
    pushes: 0,
    voids: 0,
    winRate: null,
    risked: 0,
    net: 0,
    roi: null,
    currentStreak: { kind: null, length: 0 },
    longestWinStreak: 0,
    longestLossStreak: 0,
    clv: null,
  });
});

test('summarize counts results, risk, net and ROI', (t) => {
  const summary = summarize([
    { result: 'won', units: 1, net: 0.9091, decimal: americanToDecimal(-110) },
    { result: 'won', units: 2, net: 3, decimal: 2.5 },
    { result: 'lost', units: 1, net: -1, decimal: 1.9 },
    { result: 'push', units: 1, net: 0, decimal: 2 },
    { result: 'void', units: 5, net: 0, decimal: 2 },
  ]);
  t.is(summary.bets, 5);
  t.is(summary.wins, 2);
  t.is(summary.losses, 1);
  t.is(summary.pushes, 1);
  t.is(summary.voids, 1);
  near(t, summary.winRate, 2 / 3);
  t.is(summary.risked, 5); // the void's 5 units were never at risk; the push's 1 was
  t.is(summary.net, 2.9091);
  near(t, summary.roi, 2.9091 / 5);
});

test('summarize reports a negative ROI', (t) => {
  const summary = summarize([
    { result: 'won', units: 1, net: 0.9091, decimal: 1.9091 },
    { result: 'lost', units: 1, net: -1, decimal: 1.9091 },
    { result: 'push', units: 1, net: 0, decimal: 1.9091 },
  ]);
  t.is(summary.net, -0.0909);
  t.is(summary.risked, 3);
  near(t, summary.roi, -0.0303);
  t.is(summary.winRate, 0.5);
});

test('summarize rounds away float noise in the net', (t) => {
  const summary = summarize([bet('won', { net: 0.1 }), bet('won', { net: 0.2 })]);
  t.is(summary.net, 0.3);
});

test('ROI and win rate are null when only voids and pushes were settled', (t) => {
  const onlyVoids = summarize([bet('void'), bet('void')]);
  t.is(onlyVoids.risked, 0);
  t.is(onlyVoids.roi, null);
  t.is(onlyVoids.winRate, null);
  const onlyPushes = summarize([bet('push')]);
  t.is(onlyPushes.winRate, null);
  t.is(onlyPushes.roi, 0);
});

test('pushes and voids neither break nor extend a streak', (t) => {
  const summary = summarize([
    bet('won'),
    bet('push'),
    bet('won'),
    bet('void'),
    bet('lost'),
    bet('push'),
    bet('lost'),
    bet('void'),
  ]);
  t.deepEqual(summary.currentStreak, { kind: 'L', length: 2 });
  t.is(summary.longestWinStreak, 2);
  t.is(summary.longestLossStreak, 2);
});

test('the current streak is the run at the newest bet; longest streaks are kept', (t) => {
  const summary = summarize([
    bet('lost'),
    bet('lost'),
    bet('lost'),
    bet('won'),
    bet('won'),
    bet('lost'),
    bet('won'),
    bet('won'),
    bet('push'),
    bet('won'),
  ]);
  t.deepEqual(summary.currentStreak, { kind: 'W', length: 3 });
  t.is(summary.longestWinStreak, 3);
  t.is(summary.longestLossStreak, 3);
});

test('with only pushes there is no current streak', (t) => {
  t.deepEqual(summarize([bet('push'), bet('void')]).currentStreak, { kind: null, length: 0 });
});

test('summarize averages CLV over bets with both fair prices known', (t) => {
  const summary = summarize([
    bet('won', { fairDecimalAtBet: 2.2, closingFairDecimal: 2.0 }), // +0.10
    bet('lost', { fairDecimalAtBet: 1.9, closingFairDecimal: 2.0 }), // −0.05
    bet('won', { fairDecimalAtBet: 2.5, closingFairDecimal: null }), // skipped
    bet('won', { fairDecimalAtBet: null, closingFairDecimal: 2.0 }), // skipped
    bet('won'), // skipped
  ]);
  near(t, summary.clv, 0.025);
});

test('CLV is null when no bet has both fair prices', (t) => {
  t.is(summarize([bet('won', { fairDecimalAtBet: 2 }), bet('lost', { closingFairDecimal: 2 })]).clv, null);
});

test('CLV ignores unusable closing prices rather than dividing by zero', (t) => {
  t.is(summarize([bet('won', { fairDecimalAtBet: 2, closingFairDecimal: 0 })]).clv, null);
});

// --- closingLineValue ---

test('CLV is positive when the close shortened the backed side', (t) => {
  // Fair 2.0 at bet; the close de-margins to p = 2.2 / 4 = 0.55 → fair 1.818…; 2 × 0.55 − 1 = 0.1
  near(t, closingLineValue(2, [2, 2], [1.8, 2.2], 0), 0.1);
});

test('CLV is negative when the close drifted away from the backed side', (t) => {
  near(t, closingLineValue(2, [2, 2], [1.8, 2.2], 1), -0.1);
});

test('CLV removes the margin from both markets', (t) => {
  const minus110 = americanToDecimal(-110);
  // Bet −110/−110 → fair 2.0. Close −120/+100: 6/11 and 1/2 → p = 12/23. CLV = 2 × 12/23 − 1 = 1/23.
  near(t, closingLineValue(minus110, [minus110, minus110], [americanToDecimal(-120), 2], 0), 1 / 23);
  // An unmoved market is zero CLV.
  near(t, closingLineValue(minus110, [minus110, minus110], [minus110, minus110], 0), 0);
});

test('CLV credits a better price than the bet-time market', (t) => {
  const minus110 = americanToDecimal(-110);
  // Took +100 while the market was −110/−110: fair bet = 2 × 22/21; close unchanged → CLV = 1/21.
  near(t, closingLineValue(2, [minus110, minus110], [minus110, minus110], 0), 1 / 21);
});

test('closingLineValue refuses mismatched markets, bad indexes and bad prices', (t) => {
  t.throws(() => closingLineValue(2, [2, 2], [1.9, 2, 4], 0), { instanceOf: RangeError });
  t.throws(() => closingLineValue(2, [2, 2], [1.9, 2.1], 2), { instanceOf: RangeError });
  t.throws(() => closingLineValue(2, [2, 2], [1.9, 2.1], -1), { instanceOf: RangeError });
  t.throws(() => closingLineValue(1, [2, 2], [1.9, 2.1], 0), { instanceOf: RangeError });
});

// --- maxDrawdown ---

test('maxDrawdown is the largest peak-to-trough fall of the running net', (t) => {
  // Running: 1, −1, 0, −3, 2 → peak 1 to trough −3
  t.is(maxDrawdown([1, -2, 1, -3, 5]), 4);
  // Running: 3, 1, 6, 2.5 → later fall of 3.5 beats the earlier 2
  t.is(maxDrawdown([3, -2, 5, -3.5]), 3.5);
});

test('maxDrawdown counts losses from the start against a peak of 0', (t) => {
  t.is(maxDrawdown([-1, -1]), 2);
});

test('maxDrawdown is 0 with no bets or only gains', (t) => {
  t.is(maxDrawdown([]), 0);
  t.is(maxDrawdown([1, 2, 0, 3]), 0);
});

test('maxDrawdown rounds away float noise', (t) => {
  t.is(maxDrawdown([0.1, 0.2, -0.3]), 0.3);
});

test('recordRates is the one formula: net and risked rounded to 4 decimals, ROI from the rounded values', (t) => {
  // 0.1 + 0.2 summed by a database or a loop is 0.30000000000000004; the rates must not see that noise.
  t.deepEqual(recordRates({ wins: 1, losses: 1, net: 0.1 + 0.2, risked: 0.1 + 0.2 }), { net: 0.3, risked: 0.3, winRate: 0.5, roi: 1 });
  t.deepEqual(recordRates({ wins: 0, losses: 0, net: 0, risked: 0 }), { net: 0, risked: 0, winRate: null, roi: null });
  const bets = [
    { result: 'won' as const, units: 0.1, net: 0.11, decimal: 2.1 },
    { result: 'lost' as const, units: 0.2, net: -0.2, decimal: 2.1 },
    { result: 'push' as const, units: 0.7, net: 0, decimal: 1.9 },
  ];
  const summary = summarize(bets);
  t.deepEqual(recordRates({ wins: 1, losses: 1, net: 0.11 - 0.2, risked: 0.1 + 0.2 + 0.7 }), { net: summary.net, risked: summary.risked, winRate: summary.winRate, roi: summary.roi });
});
