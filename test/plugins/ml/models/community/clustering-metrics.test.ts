import test from 'ava';
import { adjustedRandIndex, purity } from '../../../../../src/plugins/ml/models/community/clustering-metrics.ts';

test('ARI is 1 for the same partition under other names', (t) => {
  t.is(adjustedRandIndex([0, 0, 1, 1, 2, 2], ['b', 'b', 'a', 'a', 'c', 'c']), 1);
});

test('ARI on a hand-computed example', (t) => {
  // Contingency [[2,0],[1,1]]: Σ C(n_ij,2) = 1, rows C(2,2)+C(2,2) = 2, columns C(3,2)+C(1,2) = 3, C(4,2) = 6.
  // Expected 2·3/6 = 1, max (2+3)/2 = 2.5 → ARI (1 − 1)/(2.5 − 1) = 0.
  t.is(adjustedRandIndex([0, 0, 1, 1], ['x', 'x', 'x', 'y']), 0);
});

test('purity credits each cluster with its majority class', (t) => {
  t.is(purity([0, 0, 0, 1, 1], ['a', 'a', 'b', 'b', 'b']), 0.8);
});
