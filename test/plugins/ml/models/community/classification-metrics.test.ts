import test from 'ava';
import { bestF1Threshold, rocAuc, scoresAtThreshold } from '../../../../../src/plugins/ml/models/community/classification-metrics.ts';

test('AUC is 1 for a perfect ranking, 0 for an inverted one and 0.5 when all scores tie', (t) => {
  const labels = [false, false, true, true];
  t.is(rocAuc([0.1, 0.2, 0.8, 0.9], labels), 1);
  t.is(rocAuc([0.9, 0.8, 0.2, 0.1], labels), 0);
  t.is(rocAuc([0.5, 0.5, 0.5, 0.5], labels), 0.5);
});

test('AUC counts pairs: one of four positive–negative pairs misordered gives 0.75', (t) => {
  // Positives 0.4 and 0.9; negatives 0.1 and 0.5: pairs (0.4>0.1 yes, 0.4>0.5 no, 0.9>both yes).
  t.is(rocAuc([0.1, 0.5, 0.4, 0.9], [false, false, true, true]), 0.75);
});

test('AUC is NaN with one class only', (t) => {
  t.true(Number.isNaN(rocAuc([0.1, 0.2], [true, true])));
});

test('precision and recall at a threshold', (t) => {
  const s = scoresAtThreshold([0.9, 0.8, 0.3, 0.2], [true, false, true, false], 0.5);
  t.deepEqual([s.truePositives, s.falsePositives, s.falseNegatives], [1, 1, 1]);
  t.is(s.precision, 0.5);
  t.is(s.recall, 0.5);
});

test('the best-F1 threshold separates separable scores', (t) => {
  t.is(bestF1Threshold([0.1, 0.2, 0.7, 0.9], [false, false, true, true]), 0.7);
});
