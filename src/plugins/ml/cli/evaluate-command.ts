import {
  evaluateMovementModel,
  evaluateOutcomeModel,
  FootballModelError,
  loadFootballDataset,
  loadMovementModel,
  loadOutcomeModel,
  type MovementReport,
  type OutcomeReport,
} from '../models/football/index.ts';
import type { EvaluateArgs } from './args.ts';

/**
 * `ml evaluate`: scores the committed (or given) artefact on CSV files, ratings warming up from empty in
 * kick-off order, and returns the report whose JSON is printed as one line. Dropped rows are reported
 * through `warn` (stderr), never on stdout.
 */
export async function runEvaluate(
  args: EvaluateArgs,
  warn: (message: string) => void = () => {},
): Promise<OutcomeReport | MovementReport> {
  const dataset = await loadFootballDataset(args.data);
  if (dataset.skippedRows > 0) warn(`skipped ${dataset.skippedRows} malformed row(s) in the data files`);
  const options = { season: args.season };
  const report =
    args.model === 'outcome'
      ? evaluateOutcomeModel(await loadOutcomeModel(args.artefact), dataset.matches, options)
      : evaluateMovementModel(await loadMovementModel(args.artefact), dataset.matches, options);
  if (report.n === 0) {
    throw new FootballModelError(
      'ML_DATA_NO_MATCHES',
      args.season === undefined
        ? 'no match with a possible book to evaluate in the given files'
        : `no match of season ${args.season} with a possible book in the given files`,
    );
  }
  return report;
}
