import { fileURLToPath } from 'node:url';
import { readFootballCsv, type FootballMatch } from '../../../../../src/datasets/index.ts';

/** The EPL 2022-23 slice shipped with the betting plugin (a fresh checkout has no shared data). */
export const SHIPPED_CSV = fileURLToPath(
  new URL('../../../../../src/plugins/betting/data/england-premier-league-2022-2023.csv', import.meta.url),
);

/** The shipped season's matches. */
export function shippedMatches(): Promise<FootballMatch[]> {
  return readFootballCsv(SHIPPED_CSV);
}

/**
 * The shipped season split into two pseudo-seasons (before / from 2023), so training code that fits on
 * earlier seasons and validates on the latest has something to work with.
 */
export async function twoPseudoSeasons(): Promise<FootballMatch[]> {
  const cut = Date.UTC(2023, 0, 1);
  return (await shippedMatches()).map((m) => ({ ...m, season: m.date.getTime() < cut ? '2022-H1' : '2023-H2' }));
}
