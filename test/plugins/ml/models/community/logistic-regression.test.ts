import test from 'ava';
import { fitLogistic, predictLogistic } from '../../../../../src/plugins/ml/models/community/logistic-regression.ts';

test('logistic regression learns which way a feature points and ignores noise', (t) => {
  const rows = Array.from({ length: 200 }, (_, i) => [i % 20, (i * 7) % 3]);
  const labels = rows.map(([x]) => x >= 10);
  const model = fitLogistic(rows, labels);
  t.true(model.weights[0] > 1);
  t.true(Math.abs(model.weights[1]) < Math.abs(model.weights[0]) / 5);
  t.true(predictLogistic(model, [18, 1]) > 0.9);
  t.true(predictLogistic(model, [1, 1]) < 0.1);
});

test('fitting is deterministic and rejects mismatched input', (t) => {
  const rows = [[0], [1], [2], [3]];
  const labels = [false, false, true, true];
  t.deepEqual(fitLogistic(rows, labels), fitLogistic(rows, labels));
  t.throws(() => fitLogistic(rows, [true]), { instanceOf: RangeError });
});
