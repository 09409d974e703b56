import { Refusal } from 'dbsbm';

/** Why a whole file was refused (a row's problems are reported per row instead, never thrown). */
export type ImportFileErrorCode = 'IMPORT_BAD_OPTIONS' | 'IMPORT_FILE_TOO_LARGE' | 'IMPORT_TOO_MANY_ROWS' | 'IMPORT_EMPTY_FILE' | 'IMPORT_UNREADABLE_CSV' | 'IMPORT_MISSING_COLUMNS';

/**
 * A file the importer cannot read at all; `message` is written for the member and says what to change. It is a
 * {@link Refusal}, so `/bet import` (or a route) just lets it go and the core answers it like every refusal.
 */
export class ImportFileError extends Refusal {
  declare readonly code: ImportFileErrorCode;

  constructor(code: ImportFileErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { next: 'See docs/import.md for the columns accepted.', cause: options?.cause });
    this.name = 'ImportFileError';
  }
}
