import { artefactNetJSON, defaultArtefactPath, movementArtefactSchema, readArtefact, type MovementArtefact } from './artefact.ts';
import { arrayToProbs, demargin, OUTCOMES, type Outcome, type Probs3 } from './demargin.ts';
import { applyScaling, featureVector } from './feature-vector.ts';
import type { UpcomingGame } from './fixture.ts';
import { netFromJSON, runNet, type Net } from './network.ts';
import { RatingState, type PlayedMatch } from './rating-state.ts';

/** A forecast of how the 1X2 market will move from its opening prices to kick-off. */
export interface MovementPrediction {
  /** Predicted change of each de-margined probability, closing − opening (positive: the price shortens). */
  change: Probs3;
  /** De-margined opening probabilities. */
  market: Probs3;
  /** Selections whose predicted |change| exceeds the artefact's large-move threshold. */
  alerts: Outcome[];
}

/** The trained price-movement model. */
export class MovementModel {
  private readonly net: Net;

  constructor(readonly artefact: MovementArtefact) {
    this.net = netFromJSON(artefactNetJSON(artefact));
  }

  /** Names of the raw feature vector. */
  get featureNames(): readonly string[] {
    return this.artefact.card.features;
  }

  /** |Δp| above which a predicted move raises an alert. */
  get largeMove(): number {
    return this.artefact.output.largeMove;
  }

  /** A copy of the ratings at the end of the training data. */
  initialRatings(): RatingState {
    return RatingState.fromJSON(this.artefact.ratings);
  }

  /** Empty ratings with the model's Elo parameters and form window. */
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

  /** Predicted change of each de-margined probability from a raw feature vector. */
  predict(features: readonly number[]): Probs3 {
    const outputs = runNet(this.net, applyScaling(features, this.artefact.scaling));
    return arrayToProbs(outputs.map((o) => (o - 0.5) / this.artefact.output.scale));
  }

  /** Forecast for an upcoming game with alerts for predicted large moves. */
  predictGame(state: RatingState, game: UpcomingGame): MovementPrediction {
    const change = this.predict(this.features(state, game));
    const alerts = OUTCOMES.filter((o) => Math.abs(change[o]) > this.largeMove);
    return { change, market: demargin(game.open), alerts };
  }
}

/**
 * Loads the movement model artefact (by default `src/plugins/ml/artefacts/movement.json`).
 *
 * @example
 * const model = await loadMovementModel();
 * model.predictGame(model.initialRatings(), upcoming).alerts; // e.g. ['home']
 */
export async function loadMovementModel(path: string = defaultArtefactPath('movement')): Promise<MovementModel> {
  return new MovementModel(await readArtefact(path, movementArtefactSchema));
}
