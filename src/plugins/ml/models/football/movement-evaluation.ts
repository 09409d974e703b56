import type { FootballMatch } from 'dbsbm/datasets';
import { demargin, probsToArray } from './demargin.ts';
import { evaluationRows } from './football-model.ts';
import { movementFigures, type MovePair, type MovementFigures } from './movement-metrics.ts';
import type { MovementModel } from './movement-model.ts';
import type { MatchWithPreMatch } from './pre-match.ts';

/** The movement model's figures on a set of matches. */
export type MovementReport = { model: 'movement'; n: number } & MovementFigures;

/** Actual change of each de-margined probability, closing − opening, in home/draw/away order. */
export function actualChange(match: FootballMatch): number[] {
  const open = probsToArray(demargin(match.open));
  const close = probsToArray(demargin(match.close));
  return close.map((c, k) => c - open[k]);
}

/** Scores the model on rows with extracted pre-match information (impossible books skipped, not counted). */
export function scoreMovement(model: MovementModel, rows: readonly MatchWithPreMatch[]): MovementReport {
  const pairs: MovePair[] = [];
  let n = 0;
  for (const { match, info } of rows) {
    if (match.impossibleBook) continue;
    n += 1;
    const p = probsToArray(model.predict(model.featuresOf(info, match.open)));
    const actual = actualChange(match);
    for (let k = 0; k < 3; k++) pairs.push({ predicted: p[k], actual: actual[k] });
  }
  const { largeMove, directionThreshold } = model.artefact.output;
  return { model: 'movement', n, ...movementFigures(pairs, largeMove, directionThreshold) };
}

/**
 * Evaluates the model on matches from any files, ratings warming up in kick-off order from empty (as for
 * the outcome model). With `season`, only that season's matches are scored.
 */
export function evaluateMovementModel(
  model: MovementModel,
  matches: readonly FootballMatch[],
  options: { season?: string } = {},
): MovementReport {
  return scoreMovement(model, evaluationRows(model, matches, options.season));
}
