import { round4 } from './metrics.ts';

/** A predicted and an actual change of one selection's probability. */
export interface MovePair {
  predicted: number;
  actual: number;
}

/** Figures of a movement forecast beside the no-move baseline (which predicts 0 for every selection). */
export interface MovementFigures {
  /** (match, selection) pairs scored: 3 per match. */
  pairs: number;
  mae: number;
  baseline_mae: number;
  rmse: number;
  baseline_rmse: number;
  /** Share of moves beyond the direction threshold whose sign was predicted (a 0 prediction is a miss). */
  directional_accuracy: number;
  /** The no-move baseline makes no directional call: undefined, reported as null. */
  baseline_directional_accuracy: null;
  /** Moves beyond the direction threshold. */
  directional_n: number;
  /** Actual moves with |Δ| above the large-move threshold. */
  large_moves: number;
  /** Predictions with |Δ| above the large-move threshold. */
  alerts: number;
  /** Share of alerts followed by a large move in the predicted direction; null without alerts. */
  alert_precision: number | null;
  /** Share of large moves that were alerted in the right direction. */
  alert_recall: number;
  /** The no-move baseline never alerts: precision undefined (null). */
  baseline_alert_precision: null;
  /** …and recall 0. */
  baseline_alert_recall: number;
}

/**
 * Scores movement forecasts. An alert is a true positive when the actual move is large and has the
 * predicted sign.
 *
 * @param pairs - one entry per (match, selection)
 * @param largeMove - |Δ| threshold of a large move and of an alert
 * @param directionThreshold - |Δ| a move must exceed to count for directional accuracy
 */
export function movementFigures(pairs: readonly MovePair[], largeMove: number, directionThreshold: number): MovementFigures {
  let ae = 0;
  let se = 0;
  let baseAe = 0;
  let baseSe = 0;
  let dirN = 0;
  let dirOk = 0;
  let large = 0;
  let alerts = 0;
  let hits = 0;
  for (const { predicted, actual } of pairs) {
    const err = predicted - actual;
    ae += Math.abs(err);
    se += err * err;
    baseAe += Math.abs(actual);
    baseSe += actual * actual;
    if (Math.abs(actual) > directionThreshold) {
      dirN += 1;
      if (Math.sign(predicted) === Math.sign(actual)) dirOk += 1;
    }
    const isLarge = Math.abs(actual) > largeMove;
    if (isLarge) large += 1;
    if (Math.abs(predicted) > largeMove) {
      alerts += 1;
      if (isLarge && Math.sign(predicted) === Math.sign(actual)) hits += 1;
    }
  }
  const n = pairs.length;
  return {
    pairs: n,
    mae: round4(ae / n),
    baseline_mae: round4(baseAe / n),
    rmse: round4(Math.sqrt(se / n)),
    baseline_rmse: round4(Math.sqrt(baseSe / n)),
    directional_accuracy: round4(dirOk / dirN),
    baseline_directional_accuracy: null,
    directional_n: dirN,
    large_moves: large,
    alerts,
    alert_precision: alerts === 0 ? null : round4(hits / alerts),
    alert_recall: round4(large === 0 ? 0 : hits / large),
    baseline_alert_precision: null,
    baseline_alert_recall: 0,
  };
}
