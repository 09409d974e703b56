/** Codes of the errors chart rendering raises. */
export const ChartErrorCodes = {
  /** The chart spec or the render options failed validation. */
  CHART_INVALID: 'CHART_INVALID',
  /** The shipped DejaVu font could not be found or read. */
  CHART_FONT_MISSING: 'CHART_FONT_MISSING',
  /** Vega or resvg failed on a spec that passed validation. */
  CHART_RENDER_FAILED: 'CHART_RENDER_FAILED',
} as const;

export type ChartErrorCode = (typeof ChartErrorCodes)[keyof typeof ChartErrorCodes];

/** A chart that could not be drawn; the original error, when there is one, is kept as `cause`. */
export class ChartError extends Error {
  constructor(
    readonly code: ChartErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] ${message}`, options);
    this.name = 'ChartError';
  }
}
