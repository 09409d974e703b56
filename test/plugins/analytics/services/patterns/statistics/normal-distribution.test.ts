import test from 'ava';
import { normalCdf } from '../../../../../../src/plugins/analytics/services/patterns/statistics/normal-distribution.ts';

test('the normal CDF matches table values', (t) => {
  const table: [number, number][] = [
    [0, 0.5],
    [1, 0.841345],
    [-1, 0.158655],
    [1.644854, 0.95],
    [1.959964, 0.975],
    [-2.326348, 0.01],
    [3.090232, 0.999],
  ];
  for (const [z, p] of table) t.true(Math.abs(normalCdf(z) - p) < 1e-6, `Φ(${z}) = ${normalCdf(z)}, expected ${p}`);
});

test('the normal CDF is monotone and bounded in the tails', (t) => {
  t.is(normalCdf(40), 1);
  t.true(normalCdf(-40) >= 0 && normalCdf(-40) < 1e-12);
  t.true(normalCdf(0.1) < normalCdf(0.2));
});
