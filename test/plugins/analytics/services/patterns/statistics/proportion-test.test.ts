import test from 'ava';
import {
  effectiveSampleSize,
  shareAboveConfidence,
  wilsonLowerBound,
} from '../../../../../../src/plugins/analytics/services/patterns/statistics/proportion-test.ts';

test('the Wilson lower bound matches a worked value', (t) => {
  // 50 of 100 at 95% two-sided: 0.4038.
  t.true(Math.abs(wilsonLowerBound(0.5, 100, 1.959964) - 0.40383) < 1e-4);
  t.is(wilsonLowerBound(0.5, 0), 0);
});

test('the score-test confidence is the level at which the Wilson bound reaches the threshold', (t) => {
  const confidence = shareAboveConfidence(0.8, 50, 0.6);
  // Φ⁻¹ of that confidence, used as z in the Wilson bound, lands back on the threshold.
  const z = ((0.8 - 0.6) * Math.sqrt(50)) / Math.sqrt(0.6 * 0.4);
  t.true(Math.abs(wilsonLowerBound(0.8, 50, z) - 0.6) < 1e-9);
  t.true(confidence > 0.99);
});

test('the confidence is one half on the threshold and grows with share and sample', (t) => {
  t.true(Math.abs(shareAboveConfidence(0.6, 40, 0.6) - 0.5) < 1e-6);
  t.true(shareAboveConfidence(0.7, 40, 0.6) < shareAboveConfidence(0.8, 40, 0.6));
  t.true(shareAboveConfidence(0.7, 20, 0.6) < shareAboveConfidence(0.7, 80, 0.6));
  t.true(shareAboveConfidence(0.4, 80, 0.6) < 0.01);
  t.is(shareAboveConfidence(1, 0, 0.6), 0);
});

test('the effective sample size shrinks when one weight dominates', (t) => {
  t.is(effectiveSampleSize([1, 1, 1, 1]), 4);
  t.true(Math.abs(effectiveSampleSize([100, 1, 1]) - 102 ** 2 / 10_002) < 1e-12);
  t.is(effectiveSampleSize([]), 0);
});
