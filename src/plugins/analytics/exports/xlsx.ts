/**
 * Report → Excel workbook: typed, formatted cells people can sort, filter and sum.
 */

import ExcelJS from 'exceljs';
import { chartPng } from 'dbsbm';
import { ReportError, ReportErrorCodes } from './errors.ts';
import { ProgressTracker, type ProgressCallback } from './progress.ts';
import { parseReportTable, type CellValue, type ColumnKind, type ReportTable } from './report-table.ts';
import { displayInZone, wallTime, wallTimeAsUtc } from './zoned-time.ts';

/** Excel number formats by column kind; text cells keep the default. */
export const XLSX_NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  int: '#,##0',
  // Signed like the PDF (+1.50u), since units are usually a net result.
  units: '+0.00"u";-0.00"u";0.00"u"',
  percent: '0.0%',
  decimal: '0.00',
  date: 'yyyy-mm-dd hh:mm',
};

/** Names of the two sheets. */
export const XLSX_SHEETS = { report: 'Report', chart: 'Chart' } as const;

/** Size in pixels the chart is shown at on the Chart sheet; the image is drawn at twice this. */
const CHART_SIZE = { width: 960, height: 480 };
const HEADER_FILL = 'FFE4E7EB';
const MAX_COLUMN_WIDTH = 60;

type XlsxValue = string | number | Date | null;

/**
 * Excel has no time zones, so a date cell holds the wall-clock time in the report's zone,
 * encoded as UTC the way exceljs writes dates.
 */
function cellValue(value: CellValue | undefined, kind: ColumnKind, timeZone: string): XlsxValue {
  if (value === null || value === undefined) return null;
  if (kind === 'date' && typeof value === 'number') return new Date(wallTimeAsUtc(wallTime(value, timeZone)));
  return value;
}

function addPreamble(sheet: ExcelJS.Worksheet, t: ReportTable): void {
  const title = sheet.addRow([t.title]);
  title.font = { bold: true, size: 14 };
  if (t.subtitle !== undefined) sheet.addRow([t.subtitle]).font = { italic: true };
  sheet.addRow([`Generated ${displayInZone(t.generatedAt, t.timeZone)} (${t.timeZone})`]);
  for (const filter of t.filters) {
    const row = sheet.addRow([filter.label, filter.value]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

/** Width in characters from the longest label or value seen; dates and numbers are short. */
function columnWidths(t: ReportTable): number[] {
  return t.columns.map((column) => {
    let longest = column.label.length;
    if (column.kind === 'date') longest = Math.max(longest, 16);
    for (const row of t.rows) {
      const value = row[column.key];
      if (value !== null && value !== undefined && column.kind !== 'date') {
        longest = Math.max(longest, String(value).length + (column.kind === 'units' ? 2 : 0));
      }
    }
    return Math.min(MAX_COLUMN_WIDTH, longest + 2);
  });
}

/** Totals may label a numeric column with text; the first text column defaults to "Total". */
function totalsValues(t: ReportTable, totals: Record<string, CellValue>): XlsxValue[] {
  const firstText = t.columns.find((c) => c.kind === 'text')?.key;
  return t.columns.map((c) => {
    const value = totals[c.key];
    if ((value === null || value === undefined) && c.key === firstText) return 'Total';
    return typeof value === 'string' ? value : cellValue(value, c.kind, t.timeZone);
  });
}

async function addChartSheet(workbook: ExcelJS.Workbook, t: ReportTable): Promise<void> {
  if (t.chart === undefined) return;
  const png = await chartPng(t.chart, { theme: 'light', ...CHART_SIZE, scale: 2 });
  // exceljs types image bytes as its own ArrayBuffer-like `Buffer`, which Node's Buffer does not match.
  const image = workbook.addImage({ base64: png.toString('base64'), extension: 'png' });
  const sheet = workbook.addWorksheet(XLSX_SHEETS.chart);
  sheet.addImage(image, { tl: { col: 0, row: 0 }, ext: CHART_SIZE });
}

/**
 * Writes a report as an Excel workbook.
 *
 * The "Report" sheet has the title, subtitle, generation time and filters, then a header
 * row (frozen, with an autofilter over the data), one row per report row with typed cells
 * and number formats ({@link XLSX_NUMBER_FORMATS}), and a bold totals row outside the filter
 * range so sorting leaves it last. Dates are wall-clock times in `t.timeZone`. With
 * `t.chart`, a "Chart" sheet holds it as a light-theme PNG.
 *
 * `onProgress(done, total)` is called as rows are added, every 500 rows and once at the
 * end; the file is then compressed, which for 50,000 rows takes a few seconds more.
 *
 * @throws ReportError `REPORT_INVALID` if the table fails validation, `REPORT_EXPORT_FAILED` if writing fails
 */
export async function toXlsx(t: ReportTable, onProgress?: ProgressCallback): Promise<Buffer> {
  const table = parseReportTable(t);
  const progress = new ProgressTracker(table.rows.length, onProgress);
  progress.start();
  try {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'DBSBM';
    workbook.created = new Date(table.generatedAt);
    workbook.modified = new Date(table.generatedAt);
    const sheet = workbook.addWorksheet(XLSX_SHEETS.report);

    addPreamble(sheet, table);
    const header = sheet.addRow(table.columns.map((c) => c.label));
    styleHeader(header);
    const headerRow = header.number;

    const widths = columnWidths(table);
    table.columns.forEach((_, index) => {
      sheet.getColumn(index + 1).width = widths[index];
    });
    // Per cell rather than per column, so the title and filter rows above stay plain.
    const formats = table.columns.map((c) => (c.kind === 'text' ? undefined : XLSX_NUMBER_FORMATS[c.kind]));
    const applyFormats = (row: ExcelJS.Row): void => {
      formats.forEach((format, index) => {
        if (format !== undefined) row.getCell(index + 1).numFmt = format;
      });
    };

    for (const row of table.rows) {
      applyFormats(sheet.addRow(table.columns.map((c) => cellValue(row[c.key], c.kind, table.timeZone))));
      await progress.row();
    }
    const lastDataRow = headerRow + table.rows.length;

    if (table.totals !== undefined) {
      const totals = sheet.addRow(totalsValues(table, table.totals));
      applyFormats(totals);
      totals.font = { bold: true };
      totals.eachCell((cell) => {
        cell.border = { top: { style: 'thin' } };
      });
    }

    sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastDataRow, column: table.columns.length } };
    progress.finish();

    await addChartSheet(workbook, table);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  } catch (cause) {
    if (cause instanceof ReportError) throw cause;
    throw new ReportError(ReportErrorCodes.REPORT_EXPORT_FAILED, `could not write '${table.title}' as XLSX`, {
      cause,
    });
  }
}
