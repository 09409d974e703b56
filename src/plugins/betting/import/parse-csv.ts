/**
 * Reads a bet-history CSV exported from another tracker or a spreadsheet into rows ready to import, and the rows
 * refused with every reason. See docs/import.md for the columns and rules.
 */

import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportRow } from '../services/import.ts';
import { COLUMN_ALIASES, mapColumns, REQUIRED_COLUMNS, type CanonicalColumn } from './columns.ts';
import { isTimeZone } from './dates.ts';
import { ImportFileError } from './errors.ts';
import { validateRow } from './row.ts';

/** The most one file may hold: 5 MB, and 20,000 data rows. */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 20_000 } as const;

const optionsSchema = z.object({
  /** The server's IANA zone: dates without an offset are wall-clock times there. */
  timeZone: z.string().refine(isTimeZone, { message: 'timeZone must be an IANA time zone such as America/New_York' }),
  /** Settles bare integers in the odds columns (`5` is refused as fractional, read as decimal otherwise). */
  oddsFormat: z.enum(['american', 'decimal', 'fractional']).optional(),
  /** Rows dated after this are refused. @default Date.now() */
  now: z.number().int().optional(),
});
export type ImportCsvOptions = z.input<typeof optionsSchema>;

export interface RefusedRow {
  /** Line of the file the row starts on (the header is line 1). */
  line: number;
  /** Every reason, in plain words. */
  reasons: string[];
  /** The row as written, keyed by the file's own headers. */
  raw: Record<string, string>;
}

export interface ImportCsvResult {
  rows: ImportRow[];
  refused: RefusedRow[];
  columns: { recognised: Partial<Record<CanonicalColumn, string>>; ignored: string[] };
}

interface ParsedRecord {
  record: string[];
  /** Lines and blank lines read so far, at the end of this record (so a quoted multi-line value is counted). */
  info: { lines: number; empty_lines: number };
}

/**
 * Parses and checks a CSV of settled bets. Rows that pass become {@link ImportRow}s for the betting plugin's
 * `importBets`; the others are returned with all their reasons. Blank rows (only commas) are skipped.
 *
 * @param text The file's content (UTF-8 decoded; a byte-order mark is fine).
 * @throws ImportFileError when the file as a whole cannot be imported: over the limits, not CSV, empty, or missing a
 *   required column; and for invalid options.
 * @example parseImportCsv('Date,Odds,Stake,Result\n2024-03-01 19:30,-110,1,W\n', { timeZone: 'America/New_York' })
 */
export function parseImportCsv(text: string, opts: ImportCsvOptions): ImportCsvResult {
  const options = optionsSchema.safeParse(opts);
  if (!options.success) throw new ImportFileError('IMPORT_BAD_OPTIONS', options.error.issues.map((i) => i.message).join('; '), { cause: options.error });
  const { timeZone, oddsFormat, now = Date.now() } = options.data;

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > IMPORT_LIMITS.maxBytes) {
    throw new ImportFileError('IMPORT_FILE_TOO_LARGE', `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; one import takes at most 5 MB. Split it into smaller files.`);
  }
  const records = readRecords(text);
  const header = records.shift();
  if (!header || header.record.every((h) => h.trim() === '')) throw new ImportFileError('IMPORT_EMPTY_FILE', 'The file is empty: it needs a header row and at least one bet.');
  const data = records.filter((r) => r.record.some((v) => v.trim() !== ''));
  if (data.length === 0) throw new ImportFileError('IMPORT_EMPTY_FILE', 'The file has a header row but no bets under it.');
  if (data.length > IMPORT_LIMITS.maxRows) {
    throw new ImportFileError('IMPORT_TOO_MANY_ROWS', `The file has ${data.length.toLocaleString('en-US')} rows; one import takes at most 20,000. Split it into smaller files.`);
  }

  const headers = header.record;
  const map = mapColumns(headers);
  assertColumns(map.index);
  const keys = rawKeys(headers);
  const oddsHint = map.oddsHint ?? oddsFormat;
  const result: ImportCsvResult = { rows: [], refused: [], columns: { recognised: map.recognised, ignored: map.ignored } };
  let previous = header.info;
  for (const { record, info } of records) {
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    if (record.every((v) => v.trim() === '')) continue;
    const raw = Object.fromEntries(record.length > keys.length ? record.map((v, i) => [keys[i] ?? `column ${i + 1}`, v]) : keys.map((k, i) => [k, record[i] ?? '']));
    const extra = record.slice(headers.length).filter((v) => v.trim() !== '');
    if (extra.length > 0) {
      result.refused.push({ line, raw, reasons: [`the row has ${record.length} values but the header has ${headers.length} columns: a value with a comma in it needs double quotes`] });
      continue;
    }
    const cells = Object.fromEntries(Object.entries(map.index).map(([column, i]) => [column, record[i] ?? '']));
    const reading = validateRow(cells, { line, timeZone, oddsHint, now });
    if (reading.ok) result.rows.push(reading.row);
    else result.refused.push({ line, raw, reasons: reading.reasons });
  }
  return result;
}

function readRecords(text: string): ParsedRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  try {
    // The typings do not model `info: true`, which wraps each record with where it was read.
    return parse(body, { delimiter: guessDelimiter(body), info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    throw new ImportFileError('IMPORT_UNREADABLE_CSV', `The file could not be read as CSV: ${(err as Error).message}`, { cause: err });
  }
}

/** Spreadsheets in many locales export with `;` (the comma is their decimal point), and some with tabs. */
function guessDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

function assertColumns(index: Partial<Record<CanonicalColumn, number>>): void {
  const missing: CanonicalColumn[] = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
  if (index.odds === undefined && index.legs === undefined) missing.push('odds');
  if (missing.length === 0) return;
  const lines = missing.map((c) => `${c} (a header such as ${COLUMN_ALIASES[c].slice(0, 4).map((a) => `"${a}"`).join(', ')})`);
  throw new ImportFileError('IMPORT_MISSING_COLUMNS', `The file has no column for ${lines.join('; ')}. Rename the header and try again.`);
}

/** The file's headers as keys of a refused row's `raw`, made unique (`Notes`, `Notes (2)`) and never blank. */
function rawKeys(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h.trim() === '' ? `column ${i + 1}` : h.trim().replace(/^\uFEFF/, '');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
