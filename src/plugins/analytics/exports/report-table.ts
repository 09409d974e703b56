/**
 * The table every export writes, and its validation: the shape, then every cell against its
 * column's kind, so a writer never meets a string in a units column.
 */

import { z } from 'zod';
import { chartSpecSchema, type ChartSpec } from 'dbsbm';
import { ReportError, ReportErrorCodes } from './errors.ts';
import { isTimeZone } from './zoned-time.ts';

/**
 * How a column's raw values are read and shown.
 * - `text`: a string (a number is shown as written)
 * - `int`: a whole number
 * - `units`: betting units, e.g. `1.5`
 * - `percent`: a fraction, `0.6` meaning 60%
 * - `decimal`: any other number, e.g. decimal odds
 * - `date`: an instant in epoch milliseconds, shown in the table's time zone
 */
export type ColumnKind = 'text' | 'int' | 'units' | 'percent' | 'decimal' | 'date';

/** One column: the row key it reads, its header label and its kind. */
export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

/** A raw cell value; null (or a missing key) is an empty cell. */
export type CellValue = string | number | null;

/** A titled table of rows with optional totals and chart, ready to export. */
export interface ReportTable {
  title: string;
  subtitle?: string;
  /** When the report was made, epoch ms. */
  generatedAt: number;
  /** IANA zone that dates are shown in, e.g. 'Europe/London'. */
  timeZone: string;
  /** The choices that produced the report ("Period: last 30 days"), shown above the table. */
  filters: { label: string; value: string }[];
  columns: ReportColumn[];
  /** Raw values by column key: units as numbers, percent as a fraction, date as epoch ms. */
  rows: Record<string, CellValue>[];
  /** A totals row by column key; a missing first text column is labelled "Total". */
  totals?: Record<string, CellValue>;
  chart?: ChartSpec;
}

const columnKinds = ['text', 'int', 'units', 'percent', 'decimal', 'date'] as const;

// ±8.64e15 ms is the range a JavaScript Date can hold.
const MAX_EPOCH_MS = 8.64e15;
const epochMs = z.number().int().min(-MAX_EPOCH_MS).max(MAX_EPOCH_MS);

/**
 * Whether a non-null cell fits its column. Plain predicates rather than a zod schema per
 * cell: a 50,000-row report has 300,000+ cells, and per-cell zod parsing cost ~0.3 s of it.
 */
const fitsKind: Record<ColumnKind, (value: CellValue) => boolean> = {
  text: (v) => typeof v === 'string' || Number.isFinite(v),
  int: (v) => Number.isInteger(v),
  units: (v) => Number.isFinite(v),
  percent: (v) => Number.isFinite(v),
  decimal: (v) => Number.isFinite(v),
  date: (v) => Number.isInteger(v) && Math.abs(v as number) <= MAX_EPOCH_MS,
};

const cellRecord = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

const tableShape = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().optional(),
    generatedAt: epochMs,
    timeZone: z.string().refine(isTimeZone, { message: 'unknown IANA time zone' }),
    filters: z.array(z.object({ label: z.string(), value: z.string() })),
    columns: z
      .array(z.object({ key: z.string().min(1), label: z.string(), kind: z.enum(columnKinds) }))
      .min(1),
    // Only that each row is an object; its cells are checked against their columns below.
    rows: z.array(z.object({}).loose()),
    totals: cellRecord.optional(),
    chart: chartSpecSchema.optional(),
  })
  .refine((t) => new Set(t.columns.map((c) => c.key)).size === t.columns.length, {
    message: 'column keys must be unique',
    path: ['columns'],
  });

// Enough to fix the caller; 50,000 bad cells should not make a 50,000-line error.
const MAX_REPORTED_CELLS = 5;

function invalid(message: string, cause?: unknown): ReportError {
  return new ReportError(ReportErrorCodes.REPORT_INVALID, message, { cause });
}

function checkCells(table: ReportTable): void {
  const problems: string[] = [];
  let count = 0;
  const check = (row: Record<string, CellValue>, where: string): void => {
    for (const column of table.columns) {
      const value = row[column.key];
      if (value === null || value === undefined) continue;
      if (!fitsKind[column.kind](value)) {
        count++;
        if (problems.length < MAX_REPORTED_CELLS) {
          problems.push(`${where} column '${column.key}' (${column.kind}): ${JSON.stringify(value)}`);
        }
      }
    }
  };
  table.rows.forEach((row, index) => check(row, `row ${index}`));
  if (table.totals) check(withoutTotalLabel(table, table.totals), 'totals');
  if (count > 0) {
    const more = count > problems.length ? `; and ${count - problems.length} more` : '';
    throw invalid(`cells of the wrong kind: ${problems.join('; ')}${more}`);
  }
}

/** The totals row may carry a label such as "Total" in any column; only numbers are checked. */
function withoutTotalLabel(table: ReportTable, totals: Record<string, CellValue>): Record<string, CellValue> {
  const checked: Record<string, CellValue> = {};
  for (const column of table.columns) {
    const value = totals[column.key];
    checked[column.key] = typeof value === 'string' ? null : value;
  }
  return checked;
}

/**
 * Validates a report table, returning it unchanged.
 *
 * @throws ReportError `REPORT_INVALID` naming the first offending cells
 */
export function parseReportTable(table: ReportTable): ReportTable {
  const shape = tableShape.safeParse(table);
  if (!shape.success) {
    const issues = shape.error.issues;
    const listed = issues
      .slice(0, MAX_REPORTED_CELLS)
      .map((issue) => `${issue.path.join('.') || '(table)'}: ${issue.message}`);
    const more = issues.length > listed.length ? `; and ${issues.length - listed.length} more` : '';
    throw invalid(`invalid report: ${listed.join('; ')}${more}`, shape.error);
  }
  checkCells(table);
  return table;
}
