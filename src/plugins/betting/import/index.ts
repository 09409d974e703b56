export { parseImportCsv, IMPORT_LIMITS, type ImportCsvOptions, type ImportCsvResult, type RefusedRow } from './parse-csv.ts';
export { ImportFileError, type ImportFileErrorCode } from './errors.ts';
export { CANONICAL_COLUMNS, COLUMN_ALIASES, type CanonicalColumn } from './columns.ts';
export type { ImportRow } from '../services/import.ts';
