import test from 'ava';
import {
  mase, meanForecast, naiveForecast, seasonalNaiveForecast, seasonalNaiveScale,
} from '../../../../../src/plugins/ml/models/community/forecast-metrics.ts';

test('MASE on a hand-computed example', (t) => {
  // In-sample, period 2: |3−1| + |4−2| + |1−3| + |6−4| = 8 over 4 differences → scale 2.
  const inSample = [1, 2, 3, 4, 1, 6];
  const scale = seasonalNaiveScale(inSample, 2);
  t.is(scale, 2);
  // Errors |5−4| and |2−5| → MAE 2 → MASE 1.
  t.is(mase([5, 2], [4, 5], scale), 1);
});

test('the non-seasonal scale (period 1) is the mean absolute first difference', (t) => {
  t.is(seasonalNaiveScale([0, 2, 1, 4], 1), 2);
});

test('seasonal naive repeats the last week, wrapping past one period', (t) => {
  const history = [10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26];
  t.deepEqual(seasonalNaiveForecast(history, 9, 7), [20, 21, 22, 23, 24, 25, 26, 20, 21]);
});

test('naive and mean forecasts', (t) => {
  t.deepEqual(naiveForecast([1, 2, 3], 2), [3, 3]);
  t.deepEqual(meanForecast([1, 2, 3, 6], 2, 2), [4.5, 4.5]);
});

test('MASE needs matching non-empty series and a scale needs more than one period', (t) => {
  t.throws(() => mase([1], [1, 2], 1), { instanceOf: RangeError });
  t.throws(() => seasonalNaiveScale([1, 2, 3], 7), { instanceOf: RangeError });
});
