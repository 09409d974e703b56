import type { RefusalSpec } from 'dbsbm';

/**
 * ML's own refusal codes, beside the core's it also throws (NOT_FOUND, INVALID_INPUT, NOT_ALLOWED, UNAVAILABLE).
 * Listed in docs/refusals.md and in README.md beside this file.
 */
export const ML_REFUSALS = {
  PREDICTION_CLOSED: { title: 'Predictions are closed for that game', status: 409, description: 'The game has kicked off or finished; predictions are made before kick-off only.' },
  SPORT_NOT_MODELLED: { title: 'The model does not cover that sport', status: 422, description: 'The outcome model predicts soccer three-way results only.' },
  LEAGUE_NOT_MODELLED: { title: 'The model does not know that league', status: 422, description: 'The game is in a league the model was not trained on; the message lists the leagues it knows.' },
} as const satisfies Record<string, RefusalSpec>;
