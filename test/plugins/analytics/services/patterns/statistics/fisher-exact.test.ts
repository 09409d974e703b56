import test from 'ava';
import { fisherExactGreater } from '../../../../../../src/plugins/analytics/services/patterns/statistics/fisher-exact.ts';

test('a perfect 3-vs-3 split has p = 1/20', (t) => {
  t.true(Math.abs(fisherExactGreater(3, 0, 0, 3) - 0.05) < 1e-12);
});

test('the tea-tasting table gives the textbook p-value', (t) => {
  // Fisher's lady: 3 of 4 right, one-sided p = 17/70.
  t.true(Math.abs(fisherExactGreater(3, 1, 1, 3) - 17 / 70) < 1e-12);
});

test('no difference between groups gives a large p, and an empty group gives 1', (t) => {
  t.true(fisherExactGreater(5, 5, 5, 5) > 0.5);
  t.is(fisherExactGreater(0, 0, 4, 6), 1);
  t.is(fisherExactGreater(0, 10, 10, 0), 1);
});

test('large tables stay finite', (t) => {
  const p = fisherExactGreater(400, 100, 100, 400);
  t.true(p >= 0 && p < 1e-50);
});
