import test from 'ava';
import { accuracy, brier, expectedCalibrationError, logLoss } from '../../../../../src/plugins/ml/models/football/metrics.ts';
import { movementFigures } from '../../../../../src/plugins/ml/models/football/movement-metrics.ts';

const rows = [
  { p: [0.5, 0.3, 0.2], y: 0 },
  { p: [0.2, 0.3, 0.5], y: 1 },
];

const close = (t: { true: (v: boolean, m?: string) => void }, a: number, b: number) => t.true(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('log-loss is the mean of −ln p(actual)', (t) => {
  close(t, logLoss(rows), (-Math.log(0.5) - Math.log(0.3)) / 2);
  // A zero probability on the outcome gives a large finite penalty, not Infinity.
  t.true(Number.isFinite(logLoss([{ p: [1, 0, 0], y: 2 }])));
});

test('accuracy counts the most probable outcome', (t) => {
  t.is(accuracy(rows), 0.5);
});

test('Brier is the multi-class sum of squared errors, averaged over matches', (t) => {
  // (0.5² + 0.3² + 0.2²) = 0.38 and (0.2² + 0.7² + 0.5²) = 0.78 → mean 0.58
  close(t, brier(rows), 0.58);
  t.is(brier([{ p: [1, 0, 0], y: 0 }]), 0);
  t.is(brier([{ p: [0, 1, 0], y: 0 }]), 2);
});

test('ECE is class-wise over 10 bins of every (match, outcome) probability', (t) => {
  // Pairs: 0.5→1, 0.3→0, 0.2→0, 0.2→0, 0.3→1, 0.5→0.
  // Bin [0.2,0.3): p 0.2, 0.2 → mean 0.2, hits 0 → |0.2 − 0| × 2/6
  // Bin [0.3,0.4): p 0.3, 0.3 → mean 0.3, hits 1/2 → |0.3 − 0.5| × 2/6
  // Bin [0.5,0.6): p 0.5, 0.5 → mean 0.5, hits 1/2 → 0
  close(t, expectedCalibrationError(rows), (0.2 * 2 + 0.2 * 2) / 6);
  // Perfectly calibrated certainties.
  t.is(expectedCalibrationError([{ p: [1, 0, 0], y: 0 }]), 0);
});

test('movement figures: MAE/RMSE beside no-move, direction, alert precision and recall', (t) => {
  const f = movementFigures(
    [
      { predicted: 0.04, actual: 0.05 }, // alert, large, right way: hit
      { predicted: -0.035, actual: 0.02 }, // alert, not large: false alarm
      { predicted: 0.01, actual: -0.04 }, // large, missed, wrong direction
      { predicted: 0, actual: 0.005 }, // too small for direction
    ],
    0.03,
    0.01,
  );
  t.is(f.pairs, 4);
  t.is(f.mae, Math.round(((0.01 + 0.055 + 0.05 + 0.005) / 4) * 1e4) / 1e4);
  t.is(f.baseline_mae, Math.round(((0.05 + 0.02 + 0.04 + 0.005) / 4) * 1e4) / 1e4);
  t.is(f.directional_n, 3);
  t.is(f.directional_accuracy, Math.round((1 / 3) * 1e4) / 1e4);
  t.is(f.large_moves, 2);
  t.is(f.alerts, 2);
  t.is(f.alert_precision, 0.5);
  t.is(f.alert_recall, 0.5);
  t.is(f.baseline_alert_recall, 0);
  t.is(movementFigures([{ predicted: 0, actual: 0.05 }], 0.03, 0.01).alert_precision, null);
});
