import { access, constants } from 'node:fs/promises';
import { basename } from 'node:path';
import { readFootballCsvReport, type FootballMatch } from 'dbsbm/datasets';
import { FootballModelError } from './errors.ts';

/** Matches read from one or more football CSV files, with what the reader had to drop. */
export interface FootballDataset {
  matches: FootballMatch[];
  /** File names (no directories, so artefacts do not depend on where the data sat). */
  files: string[];
  /** Rows dropped as malformed, over all files. */
  skippedRows: number;
  /** Matches flagged with an impossible book (kept for ratings, skipped for prices and scoring). */
  impossibleBooks: number;
}

/**
 * Reads football CSV files (the shared `football/` format). A file that cannot be read, or in which no row
 * is a valid match (wrong header, wrong format), is refused with a {@link FootballModelError}; a few bad rows
 * in an otherwise good file are dropped and counted.
 *
 * @param paths - CSV files, any seasons and leagues
 */
export async function loadFootballDataset(paths: readonly string[]): Promise<FootballDataset> {
  const matches: FootballMatch[] = [];
  let skippedRows = 0;
  let impossibleBooks = 0;
  for (const path of paths) {
    try {
      await access(path, constants.R_OK);
    } catch (cause) {
      throw new FootballModelError('ML_DATA_FILE_UNREADABLE', `cannot read data file ${path}`, { cause });
    }
    const report = await readFootballCsvReport(path).catch((cause: unknown) => {
      throw new FootballModelError('ML_DATA_FILE_UNREADABLE', `cannot read data file ${path}`, { cause });
    });
    if (report.matches.length === 0) {
      const why = report.skipped[0] ? ` (line ${report.skipped[0].line}: ${report.skipped[0].reason})` : ' (no data rows)';
      throw new FootballModelError(
        'ML_DATA_NOT_FOOTBALL_CSV',
        `${path} is not a football CSV in the shared format${why}`,
      );
    }
    matches.push(...report.matches);
    skippedRows += report.skipped.length;
    impossibleBooks += report.impossibleBooks;
  }
  if (matches.length === 0) throw new FootballModelError('ML_DATA_NO_MATCHES', 'no data files given');
  return { matches, files: paths.map((p) => basename(p)), skippedRows, impossibleBooks };
}
