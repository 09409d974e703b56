/**
 * Report → CSV (RFC 4180), for spreadsheets and scripts.
 */

import { machineValue } from './machine-values.ts';
import { parseReportTable, type ReportTable } from './report-table.ts';

/** Quotes a field when it holds a quote, comma, CR or LF, doubling inner quotes (RFC 4180 §2.6–2.7). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes a report as RFC 4180 CSV: a header row of column labels, then one record per row,
 * CRLF line endings, no byte-order mark.
 *
 * Values are machine-readable (see `machine-values.ts`): units rounded to 2 decimals,
 * percent as a fraction to 4 decimals, decimals to 4, dates as ISO 8601 with the offset of
 * `t.timeZone`, empty for null. Title, filters, totals and chart are not written: every
 * line after the header is a data row, so the file loads into any tool as-is.
 *
 * @throws ReportError `REPORT_INVALID` if the table fails validation
 * @example
 * toCsv(table) // 'Member,Net\r\nalice,1.5\r\n'
 */
export function toCsv(t: ReportTable): string {
  const table = parseReportTable(t);
  const lines: string[] = [table.columns.map((c) => csvField(c.label)).join(',')];
  for (const row of table.rows) {
    lines.push(table.columns.map((c) => csvField(machineValue(row[c.key], c.kind, table.timeZone))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
