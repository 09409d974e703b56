/**
 * The columns the importer understands, and the header spellings trackers and spreadsheets use for each.
 */

import type { OddsFormat } from '../services/odds.ts';

export const CANONICAL_COLUMNS = ['placed', 'settled', 'odds', 'closing_odds', 'stake', 'result', 'type', 'legs', 'sport', 'league', 'description', 'event', 'profit'] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** Accepted header spellings per column, already normalised (see {@link normaliseHeader}). */
export const COLUMN_ALIASES: Readonly<Record<CanonicalColumn, readonly string[]>> = {
  placed: ['placed', 'placed at', 'placed on', 'date placed', 'time placed', 'date', 'bet date', 'created', 'created at'],
  settled: ['settled', 'settled at', 'settled on', 'date settled', 'time settled', 'settle date', 'settlement date', 'graded', 'graded at'],
  odds: ['odds', 'price', 'line odds', 'decimal odds', 'american odds', 'fractional odds', 'odds taken'],
  closing_odds: ['closing odds', 'closing price', 'clv price', 'close', 'closing line', 'closing'],
  stake: ['stake', 'units', 'unit', 'risk', 'risked', 'wager', 'amount'],
  result: ['result', 'status', 'outcome'],
  type: ['type', 'bet type', 'wager type'],
  legs: ['legs', 'selections', 'parlay legs'],
  sport: ['sport', 'sports'],
  league: ['league', 'leagues', 'competition'],
  description: ['description', 'selection', 'pick', 'bet', 'bet info', 'bet description'],
  event: ['event', 'game', 'match', 'matchup', 'fixture'],
  profit: ['profit', 'net', 'pnl', 'p/l', 'p&l', 'profit/loss', 'net units'],
};

/** Columns without which no row can be read. `odds` may be left out when every row lists its legs with odds. */
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['placed', 'stake', 'result'];

const ALIAS_TO_COLUMN = new Map<string, CanonicalColumn>(CANONICAL_COLUMNS.flatMap((c) => COLUMN_ALIASES[c].map((alias) => [alias, c] as const)));

/**
 * Lower-cases a header and drops what varies between exports: a byte-order mark, `_`/`-`/`.` as word separators,
 * repeated spaces, and a trailing unit in brackets (`Stake (u)` → `stake`).
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/\s*[([][^)\]]*[)\]]\s*$/, '')
    .replace(/[_.\-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ColumnMap {
  /** Column index in the file of each recognised column. */
  index: Partial<Record<CanonicalColumn, number>>;
  /** The header each recognised column was read from, as written in the file. */
  recognised: Partial<Record<CanonicalColumn, string>>;
  /** Headers that mean nothing to the importer, or repeat a column already recognised (the first one wins). */
  ignored: string[];
  /** The odds format a header names (`Decimal odds`), which settles bare numbers like `2` in that column. */
  oddsHint: OddsFormat | undefined;
}

/** Maps a file's header row to the canonical columns, case-insensitively. */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const map: ColumnMap = { index: {}, recognised: {}, ignored: [], oddsHint: undefined };
  headers.forEach((header, i) => {
    const normalised = normaliseHeader(header);
    const column = ALIAS_TO_COLUMN.get(normalised);
    if (column === undefined || map.index[column] !== undefined) {
      if (header.trim() !== '') map.ignored.push(header);
      return;
    }
    map.index[column] = i;
    map.recognised[column] = header;
    if (column === 'odds') map.oddsHint = /^(american|decimal|fractional) odds$/.exec(normalised)?.[1] as OddsFormat | undefined;
  });
  return map;
}
