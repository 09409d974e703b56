import type { FootballDataset } from './dataset.ts';
import { DEFAULT_ELO_PARAMS, type EloParams } from './elo.ts';
import { applyScaling, BASE_FEATURE_NAMES, featureNames, featureVector, fitScaling, type Scaling } from './feature-vector.ts';
import type { NetConfig } from './network.ts';
import { searchModelCard, type NetworkSearchResult } from './network-search.ts';
import { extractPreMatch, type MatchWithPreMatch, type PreMatchExtraction } from './pre-match.ts';
import { splitBySeason, type SeasonSplit } from './season-split.ts';

/** Options of a training run. */
export interface FootballTrainOptions {
  seed: number;
  /** Configurations to try (default: the model's built-in search). */
  search?: readonly NetConfig[];
  /** Season used to choose settings (default: the latest in the data). */
  validationSeason?: string;
  eloParams?: EloParams;
  onProgress?: (done: number, total: number) => void;
  /** Stamp for the card's `trainedAt` (default: now). */
  now?: Date;
}

/** A trained artefact and its headline validation figures. */
export interface FootballTrainResult<A> {
  artefact: A;
  metrics: Record<string, number>;
}

/** What both football models train from: the same rows, split, leagues and input scaling. */
export interface FootballTrainingData {
  extraction: PreMatchExtraction;
  split: SeasonSplit;
  /** Leagues of the fit seasons, sorted (one-hot features). */
  leagues: string[];
  scaling: Scaling;
  /** The scaled network input of a row. */
  input(row: MatchWithPreMatch): number[];
}

/**
 * Features from every match in kick-off order (no leakage, see {@link extractPreMatch}), split into the seasons
 * fit on and the validation season, with the input scaling fit on the fit seasons only.
 */
export function prepareTraining(dataset: FootballDataset, options: FootballTrainOptions): FootballTrainingData {
  const extraction = extractPreMatch(dataset.matches, undefined, options.eloParams ?? DEFAULT_ELO_PARAMS);
  const split = splitBySeason(extraction.rows, options.validationSeason);
  const leagues = [...new Set(split.fit.map((r) => r.info.league))].sort();
  const scaling = fitScaling(
    split.fit.map((r) => featureVector(r.info, r.match.open, leagues)),
    BASE_FEATURE_NAMES.length,
  );
  return { extraction, split, leagues, scaling, input: (r) => applyScaling(featureVector(r.info, r.match.open, leagues), scaling) };
}

/** The parts of an artefact both models write the same way: the card, leagues, scaling, ratings and weights. */
export function artefactBase<M extends 'outcome' | 'movement'>(
  data: FootballTrainingData,
  dataset: FootballDataset,
  options: FootballTrainOptions,
  card: { model: M; result: NetworkSearchResult; digits: number; notes: string },
) {
  return {
    card: searchModelCard({ ...card, seed: options.seed, now: options.now, files: dataset.files, split: data.split, features: featureNames(data.leagues) }),
    leagues: data.leagues,
    scaling: data.scaling,
    ratings: data.extraction.state.toJSON(),
  };
}
