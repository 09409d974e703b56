/** Why a whole file was refused (a row's problems are reported per row instead, never thrown). */
export type ImportFileErrorCode = 'IMPORT_BAD_OPTIONS' | 'IMPORT_FILE_TOO_LARGE' | 'IMPORT_TOO_MANY_ROWS' | 'IMPORT_EMPTY_FILE' | 'IMPORT_UNREADABLE_CSV' | 'IMPORT_MISSING_COLUMNS';

/** A file the importer cannot read at all; `message` is written for the member and says what to change. */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}
