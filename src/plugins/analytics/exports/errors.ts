/** Codes of the errors report exports raise. */
export const ReportErrorCodes = {
  /** The report table failed validation: its shape, a cell of the wrong kind, or an unknown time zone. */
  REPORT_INVALID: 'REPORT_INVALID',
  /** Writing the file failed for a table that passed validation. */
  REPORT_EXPORT_FAILED: 'REPORT_EXPORT_FAILED',
} as const;

export type ReportErrorCode = (typeof ReportErrorCodes)[keyof typeof ReportErrorCodes];

/** A report that could not be exported; the original error, when there is one, is kept as `cause`. */
export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] ${message}`, options);
    this.name = 'ReportError';
  }
}
