import { FootballModelError } from './errors.ts';
import type { MatchWithPreMatch } from './pre-match.ts';

/** Rows split by season for training: fit on earlier seasons, choose settings on the validation season. */
export interface SeasonSplit {
  fit: MatchWithPreMatch[];
  validation: MatchWithPreMatch[];
  fitSeasons: string[];
  validationSeason: string;
}

/**
 * Splits priced rows (impossible books left out) into fit seasons (strictly before the validation season)
 * and the validation season. Seasons after the validation season are not used at all.
 *
 * @param rows - from {@link extractPreMatch}
 * @param validationSeason - default: the latest season in the rows
 */
export function splitBySeason(rows: readonly MatchWithPreMatch[], validationSeason?: string): SeasonSplit {
  const priced = rows.filter((r) => !r.match.impossibleBook);
  const seasons = [...new Set(priced.map((r) => r.match.season))].sort();
  const validation = validationSeason ?? seasons[seasons.length - 1];
  const fitSeasons = seasons.filter((s) => s < validation);
  if (!seasons.includes(validation) || fitSeasons.length === 0) {
    throw new FootballModelError(
      'ML_TRAIN_NEEDS_TWO_SEASONS',
      `training needs at least one season before the validation season ${validation ?? '(none)'}; ` +
        `the data has ${seasons.length === 0 ? 'no priced matches' : seasons.join(', ')}`,
    );
  }
  return {
    fit: priced.filter((r) => r.match.season < validation),
    validation: priced.filter((r) => r.match.season === validation),
    fitSeasons,
    validationSeason: validation,
  };
}
