/**
 * Shared readers of the public data sets the app learns from and replays (`dbsbm/datasets`). They belong to no
 * plugin: betting replays the football matches as a feed, ml trains on them offline.
 * @packageDocumentation
 */
export {
  FOOTBALL_CSV_COLUMNS,
  bookSum,
  isPossibleBook,
  parseFootballCsvReport,
  readFootballCsv,
  readFootballCsvReport,
  type FootballCsvReport,
  type FootballMatch,
  type FootballPrices,
  type SkippedRow,
} from './football-csv.ts';
