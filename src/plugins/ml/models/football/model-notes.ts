/** Model-card notes: what a reader of the artefact needs to know without opening docs/ml.md. */
export const OUTCOME_NOTES =
  'brain.js network learning a correction to the de-margined opening prices from pre-match features only ' +
  '(Elo, form, rest, league, market). Fit on the seasons before the validation season; configuration and ' +
  'epoch chosen on the validation season, so its figures are validation, not held-out test, figures. ' +
  'Ratings are the end-of-data state of all files. See docs/ml.md.';

export const MOVEMENT_NOTES =
  'brain.js network predicting the change of each de-margined 1X2 probability from opening to closing ' +
  'prices, from pre-match features only. Compared with the no-move baseline. Fit on the seasons before the ' +
  'validation season; configuration and epoch chosen on the validation season (by MAE). See docs/ml.md.';
