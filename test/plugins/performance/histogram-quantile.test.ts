import test from 'ava';
import { histogramQuantile } from '../../../src/plugins/performance/services/histogram-quantile.ts';

const buckets = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

test('an empty histogram has no quantile', (t) => {
  t.is(histogramQuantile(0.99, buckets([[0.1, 0], [1, 0], [Infinity, 0]])), null);
  t.is(histogramQuantile(0.5, []), null);
});

test('the rank is interpolated inside its bucket, as histogram_quantile does', (t) => {
  // 100 observations: 50 in (0, 0.1], 40 in (0.1, 0.5], 10 in (0.5, 1].
  const h = buckets([[0.1, 50], [0.5, 90], [1, 100], [Infinity, 100]]);
  t.is(histogramQuantile(0.5, h), 0.1);
  t.is(histogramQuantile(0.25, h), 0.05);
  t.is(histogramQuantile(0.7, h), 0.1 + 0.4 * (20 / 40));
  t.is(histogramQuantile(0.99, h), 0.5 + 0.5 * (9 / 10));
});

test('a rank in the +Inf bucket answers the largest finite bound', (t) => {
  t.is(histogramQuantile(0.99, buckets([[0.1, 1], [1, 2], [Infinity, 10]])), 1);
});

test('buckets may come in any order', (t) => {
  t.is(histogramQuantile(0.5, buckets([[Infinity, 4], [1, 4], [0.5, 2]])), 0.5);
});
