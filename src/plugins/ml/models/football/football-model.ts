import type { FootballMatch } from 'dbsbm/datasets';
import { artefactNetJSON, type MovementArtefact, type OutcomeArtefact } from './artefact.ts';
import { applyScaling, featureVector, type OpeningPrices } from './feature-vector.ts';
import type { UpcomingGame } from './fixture.ts';
import { netFromJSON, runNet, type Net } from './network.ts';
import { extractPreMatch, type MatchWithPreMatch } from './pre-match.ts';
import { RatingState, type PlayedMatch, type PreMatchInfo } from './rating-state.ts';

/**
 * What the outcome and movement models share: a brain.js network over the same pre-match features (ratings,
 * form, rest and opening prices), the ratings it reads, and the scaling of its inputs. Each model only says what
 * its outputs mean.
 */
export abstract class FootballModel<A extends OutcomeArtefact | MovementArtefact> {
  private readonly net: Net;

  constructor(readonly artefact: A) {
    this.net = netFromJSON(artefactNetJSON(artefact));
  }

  /** Names of the raw feature vector {@link features} returns and `predict` takes. */
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
    return this.featuresOf(state.preMatch(game), game.open);
  }

  /** Raw (unscaled) features from pre-match information already extracted (evaluation reads rows this way). */
  featuresOf(info: PreMatchInfo, open: OpeningPrices): number[] {
    return featureVector(info, open, this.artefact.leagues);
  }

  /** The network's raw outputs for a raw feature vector (scaled here as in training). */
  protected outputs(features: readonly number[]): number[] {
    return runNet(this.net, applyScaling(features, this.artefact.scaling));
  }
}

/**
 * The rows a model is scored on: ratings start empty and warm up through the matches in kick-off order (each
 * result is pre-match information for later matches), so no match sees its own result. With `season`, every
 * match still feeds the ratings but only that season's matches are returned.
 */
export function evaluationRows(model: FootballModel<OutcomeArtefact | MovementArtefact>, matches: readonly FootballMatch[], season?: string): MatchWithPreMatch[] {
  const { rows } = extractPreMatch(matches, model.emptyRatings());
  return season === undefined ? rows : rows.filter((r) => r.match.season === season);
}
