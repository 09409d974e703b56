import { defaultArtefactPath, outcomeArtefactSchema, readArtefact, type OutcomeArtefact } from './artefact.ts';
import { arrayToProbs, demargin, OUTCOMES, type Outcome, type Probs3 } from './demargin.ts';
import type { UpcomingGame } from './fixture.ts';
import { FootballModel } from './football-model.ts';
import { argmax } from './metrics.ts';
import type { RatingState } from './rating-state.ts';

/** A 1X2 forecast for one game, beside the market's opening view of it. */
export interface OutcomePrediction {
  /** Model probabilities (sum 1). */
  probabilities: Probs3;
  /** De-margined opening prices. */
  market: Probs3;
  /** The model's most likely outcome. */
  pick: Outcome;
  /** The model's probability of {@link pick} (how sure it is of its pick, 1/3 .. 1). */
  confidence: number;
}

/**
 * Turns the network's outputs into probabilities: each output o_k in (0, 1) encodes a correction
 * 2·o_k − 1 to the market probability m_k; the result is floored (a correction cannot make an outcome
 * impossible) and renormalised to sum 1.
 */
export function marketResidualToProbs(market: readonly number[], outputs: readonly number[], floor: number): number[] {
  const raw = market.map((m, k) => Math.max(floor, m + 2 * outputs[k] - 1));
  const sum = raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => x / sum);
}

/** The trained 1X2 outcome model: a brain.js network learning a correction on top of the opening market. */
export class OutcomeModel extends FootballModel<OutcomeArtefact> {
  /**
   * Probabilities from a raw feature vector (as {@link features} builds it; the market probabilities are its
   * first three entries).
   */
  predict(features: readonly number[]): Probs3 {
    return arrayToProbs(marketResidualToProbs(features.slice(0, 3), this.outputs(features), this.artefact.output.floor));
  }

  /** Forecast for an upcoming game, with the market's view and the model's pick and confidence. */
  predictGame(state: RatingState, game: UpcomingGame): OutcomePrediction {
    const probabilities = this.predict(this.features(state, game));
    const p = [probabilities.home, probabilities.draw, probabilities.away];
    const best = argmax(p);
    return { probabilities, market: demargin(game.open), pick: OUTCOMES[best], confidence: p[best] };
  }
}

/**
 * Loads the outcome model artefact (by default the one committed at `src/plugins/ml/artefacts/outcome.json`).
 *
 * @example
 * const model = await loadOutcomeModel();
 * const ratings = model.initialRatings();
 * ratings.recordAll(finishedGames);
 * model.predictGame(ratings, upcoming); // { probabilities, market, pick, confidence }
 */
export async function loadOutcomeModel(path: string = defaultArtefactPath('outcome')): Promise<OutcomeModel> {
  return new OutcomeModel(await readArtefact(path, outcomeArtefactSchema));
}
