/** Report exports for the analytics plugin: CSV, Excel and PDF from one table shape. */

export { toCsv } from './csv.ts';
export { toXlsx, XLSX_NUMBER_FORMATS, XLSX_SHEETS } from './xlsx.ts';
export { toPdf } from './pdf.ts';
export type { CellValue, ColumnKind, ReportColumn, ReportTable } from './report-table.ts';
export type { ProgressCallback } from './progress.ts';
export { displayValue, formatPercent, formatUnits, EMPTY_CELL } from './display-values.ts';
export { machineValue } from './machine-values.ts';
export { ReportError, ReportErrorCodes, type ReportErrorCode } from './errors.ts';
