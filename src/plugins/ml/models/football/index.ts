/**
 * Football models of the ml plugin: 1X2 outcome and price movement, with the pre-match features they share.
 * See docs/ml.md.
 */
export { loadOutcomeModel, OutcomeModel, type OutcomePrediction } from './outcome-model.ts';
export { loadMovementModel, MovementModel, type MovementPrediction } from './movement-model.ts';
export { RatingState, type FixtureTeams, type PlayedMatch, type PreMatchInfo, type TeamPreMatch } from './rating-state.ts';
export type { UpcomingGame } from './fixture.ts';
export type { OpeningPrices } from './feature-vector.ts';
export { demargin, type Outcome, type Probs3 } from './demargin.ts';
export { leagueKey } from './league.ts';
export { extractPreMatch, type MatchWithPreMatch } from './pre-match.ts';
export { evaluateOutcomeModel, type OutcomeReport } from './outcome-evaluation.ts';
export { evaluateMovementModel, type MovementReport } from './movement-evaluation.ts';
export { trainOutcomeModel } from './outcome-training.ts';
export type { FootballTrainOptions, FootballTrainResult } from './football-training.ts';
export { trainMovementModel } from './movement-training.ts';
export { loadFootballDataset, type FootballDataset } from './dataset.ts';
export { FootballModelError, type FootballModelErrorCode } from './errors.ts';
export { defaultArtefactPath } from './artefact.ts';
