/**
 * Cells written for people (PDF), in fixed en-US formats so a report reads the same
 * whatever the host's locale.
 *
 * | kind      | shown as                          | example             |
 * |-----------|-----------------------------------|---------------------|
 * | `text`    | the text                          | `Soccer`            |
 * | `int`     | grouped                           | `1,234`             |
 * | `units`   | signed, 2 decimals, "u"           | `+1.50u`, `-0.75u`  |
 * | `percent` | 1 decimal                         | `60.0%`             |
 * | `decimal` | grouped, 2 decimals               | `1.91`              |
 * | `date`    | `YYYY-MM-DD HH:mm` in the zone    | `2025-03-05 14:30`  |
 * | null      | an em dash                        | `—`                 |
 */

import type { CellValue, ColumnKind } from './report-table.ts';
import { roundHalfAway } from './rounding.ts';
import { displayInZone } from './zoned-time.ts';

/** Shown for an empty cell. */
export const EMPTY_CELL = '—';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoPlaces = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `+1.50u`; zero (after rounding) is `0.00u` rather than `+0.00u` or `-0.00u`. */
export function formatUnits(units: number): string {
  const rounded = roundHalfAway(units, 2);
  const sign = rounded > 0 ? '+' : rounded < 0 ? '-' : '';
  return `${sign}${Math.abs(rounded).toFixed(2)}u`;
}

/** A fraction as a percentage with one decimal: 0.6 → `60.0%`. */
export function formatPercent(fraction: number): string {
  return `${roundHalfAway(fraction * 100, 1).toFixed(1)}%`;
}

/** Numbers and dates line up by their right edge; only text reads from the left. */
export function alignsRight(kind: ColumnKind): boolean {
  return kind !== 'text';
}

/** One cell as people should read it. Strings in numeric columns (a totals label) pass through. */
export function displayValue(value: CellValue | undefined, kind: ColumnKind, timeZone: string): string {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'text':
      return String(value);
    case 'int':
      return grouped.format(value);
    case 'units':
      return formatUnits(value);
    case 'percent':
      return formatPercent(value);
    case 'decimal':
      return twoPlaces.format(roundHalfAway(value, 2));
    case 'date':
      return displayInZone(value, timeZone);
  }
}
