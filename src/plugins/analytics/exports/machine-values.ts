/**
 * Cells written for programs (CSV): plain numbers without units, signs or grouping,
 * dates as ISO 8601.
 *
 * | kind      | written as                                   | example                      |
 * |-----------|----------------------------------------------|------------------------------|
 * | `text`    | the text (see {@link guardFormula})           | `Soccer`                     |
 * | `int`     | the integer                                  | `1234`                       |
 * | `units`   | units rounded to 2 decimals                  | `-0.75`                      |
 * | `percent` | the fraction rounded to 4 decimals           | `0.6` for 60%, `0.1235`      |
 * | `decimal` | rounded to 4 decimals                        | `1.9091`                     |
 * | `date`    | ISO 8601 in the table's zone, with offset    | `2025-03-05T14:30:00+01:00`  |
 * | null      | empty                                        |                              |
 *
 * Percent stays a fraction so a spreadsheet or script can compute with it directly;
 * 4 decimals keep a hundredth of a percentage point.
 */

import type { CellValue, ColumnKind } from './report-table.ts';
import { roundHalfAway } from './rounding.ts';
import { isoInZone } from './zoned-time.ts';

const PLACES: Record<'units' | 'percent' | 'decimal', number> = { units: 2, percent: 4, decimal: 4 };

/**
 * Prefixes text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * with `'`, the OWASP advice against CSV injection: member and team names are typed
 * by users, and "=HYPERLINK(...)" in a username should stay text when the file is opened.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One cell as CSV field text (before CSV quoting); empty for null or missing. */
export function machineValue(value: CellValue | undefined, kind: ColumnKind, timeZone: string): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'text':
      return guardFormula(String(value));
    case 'int':
      return String(value);
    case 'units':
    case 'percent':
    case 'decimal':
      return String(roundHalfAway(Number(value), PLACES[kind]));
    case 'date':
      return isoInZone(Number(value), timeZone);
  }
}
