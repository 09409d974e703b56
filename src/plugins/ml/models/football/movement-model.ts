import { defaultArtefactPath, movementArtefactSchema, readArtefact, type MovementArtefact } from './artefact.ts';
import { arrayToProbs, demargin, OUTCOMES, type Outcome, type Probs3 } from './demargin.ts';
import type { UpcomingGame } from './fixture.ts';
import { FootballModel } from './football-model.ts';
import type { RatingState } from './rating-state.ts';

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
export class MovementModel extends FootballModel<MovementArtefact> {
  /** |Δp| above which a predicted move raises an alert. */
  get largeMove(): number {
    return this.artefact.output.largeMove;
  }

  /** Predicted change of each de-margined probability from a raw feature vector. */
  predict(features: readonly number[]): Probs3 {
    return arrayToProbs(this.outputs(features).map((o) => (o - 0.5) / this.artefact.output.scale));
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
