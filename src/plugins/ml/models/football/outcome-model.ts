import { artefactNetJSON, defaultArtefactPath, outcomeArtefactSchema, readArtefact, type OutcomeArtefact } from './artefact.ts';
import { arrayToProbs, demargin, OUTCOMES, type Outcome, type Probs3 } from './demargin.ts';
import { applyScaling, featureVector } from './feature-vector.ts';
import type { UpcomingGame } from './fixture.ts';
import { argmax } from './metrics.ts';
import { netFromJSON, runNet, type Net } from './network.ts';
import { RatingState, type PlayedMatch } from './rating-state.ts';

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
export class OutcomeModel {
  private readonly net: Net;

  constructor(readonly artefact: OutcomeArtefact) {
    this.net = netFromJSON(artefactNetJSON(artefact));
  }

  /** Names of the raw feature vector {@link features} returns and {@link predict} takes. */
  get featureNames(): readonly string[] {
    return this.artefact.card.features;
  }

  /** A copy of the ratings at the end of the training data; record newer results into it, then predict. */
  initialRatings(): RatingState {
    return RatingState.fromJSON(this.artefact.ratings);
  }

  /** Empty ratings with the model's Elo parameters and form window (for a cold start on new data). */
  emptyRatings(): RatingState {
    return RatingState.empty(this.artefact.ratings.params, this.artefact.ratings.formWindow);
  }

  /** Ratings built from scratch from `history`, with the model's Elo parameters. */
  ratingsFrom(history: readonly PlayedMatch[]): RatingState {
    return RatingState.fromHistory(history, this.artefact.ratings.params, this.artefact.ratings.formWindow);
  }

  /** Raw (unscaled) features of a game from the ratings known before it and its opening prices. */
  features(state: RatingState, game: UpcomingGame): number[] {
    return featureVector(state.preMatch(game), game.open, this.artefact.leagues);
  }

  /**
   * Probabilities from a raw feature vector (as {@link features} builds it; the market probabilities are its
   * first three entries).
   */
  predict(features: readonly number[]): Probs3 {
    const outputs = runNet(this.net, applyScaling(features, this.artefact.scaling));
    return arrayToProbs(marketResidualToProbs(features.slice(0, 3), outputs, this.artefact.output.floor));
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
