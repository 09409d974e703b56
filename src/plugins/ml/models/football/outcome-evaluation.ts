import type { FootballMatch } from 'dbsbm/datasets';
import { demargin, outcomeIndex, probsToArray } from './demargin.ts';
import { evaluationRows } from './football-model.ts';
import { accuracy, brier, expectedCalibrationError, logLoss, round4, type Scored3 } from './metrics.ts';
import type { OutcomeModel } from './outcome-model.ts';
import type { MatchWithPreMatch } from './pre-match.ts';

/** The outcome model's figures on a set of matches, beside the market's on the same matches. */
export interface OutcomeReport {
  model: 'outcome';
  n: number;
  logloss: number;
  accuracy: number;
  /** Multi-class Brier: Σ_k (p_k − y_k)², mean over matches. */
  brier: number;
  /** Class-wise ECE over 10 bins of every (match, outcome) probability. */
  ece: number;
  market_open_logloss: number;
  market_close_logloss: number;
  market_open_accuracy: number;
}

/**
 * Scores the model on rows whose pre-match information is already extracted. Rows with an impossible book
 * are skipped for the model and the market alike and not counted in `n`. Figures are rounded to 4 decimals.
 */
export function scoreOutcome(model: OutcomeModel, rows: readonly MatchWithPreMatch[]): OutcomeReport {
  const ours: Scored3[] = [];
  const open: Scored3[] = [];
  const close: Scored3[] = [];
  for (const { match, info } of rows) {
    if (match.impossibleBook) continue;
    const y = outcomeIndex(match.ftHome, match.ftAway);
    const p = model.predict(model.featuresOf(info, match.open));
    ours.push({ p: probsToArray(p), y });
    open.push({ p: probsToArray(demargin(match.open)), y });
    close.push({ p: probsToArray(demargin(match.close)), y });
  }
  return {
    model: 'outcome',
    n: ours.length,
    logloss: round4(logLoss(ours)),
    accuracy: round4(accuracy(ours)),
    brier: round4(brier(ours)),
    ece: round4(expectedCalibrationError(ours)),
    market_open_logloss: round4(logLoss(open)),
    market_close_logloss: round4(logLoss(close)),
    market_open_accuracy: round4(accuracy(open)),
  };
}

/**
 * Evaluates the model on matches from any files: ratings start empty and warm up through the matches in
 * kick-off order (each result is pre-match information for later matches), so no match sees its own
 * result. With `season`, every match still feeds the ratings but only that season's matches are scored.
 */
export function evaluateOutcomeModel(
  model: OutcomeModel,
  matches: readonly FootballMatch[],
  options: { season?: string } = {},
): OutcomeReport {
  return scoreOutcome(model, evaluationRows(model, matches, options.season));
}
