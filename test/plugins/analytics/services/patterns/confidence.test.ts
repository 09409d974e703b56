import test from 'ava';
import { gatedConfidence } from '../../../../../src/plugins/analytics/services/patterns/confidence.ts';

test('below minBets the confidence stays under one half', (t) => {
  for (let n = 0; n < 10; n++) t.true(gatedConfidence(1, n, 10) < 0.5, `n = ${n}`);
  t.is(gatedConfidence(1, 10, 10), 0.5);
});

test('the confidence reaches 0.8 at four times minBets and approaches the certainty beyond', (t) => {
  t.is(gatedConfidence(1, 40, 10), 0.8);
  t.is(gatedConfidence(1, 90, 10), 0.9);
  t.is(gatedConfidence(0.5, 990, 10), 0.495);
});

test('the confidence is clamped and rounded to 4 decimals', (t) => {
  t.is(gatedConfidence(1.5, 1000, 10), 0.9901);
  t.is(gatedConfidence(-1, 100, 10), 0);
  t.is(gatedConfidence(0.123456, 1e9, 10), 0.1235);
});
