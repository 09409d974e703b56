import type { OpeningPrices } from './feature-vector.ts';
import type { FixtureTeams } from './rating-state.ts';

/**
 * A game to predict: who, where, when, and the opening prices. A {@link FootballMatch} from the CSV reader
 * fits this shape as it is.
 */
export interface UpcomingGame extends FixtureTeams {
  open: OpeningPrices;
}
