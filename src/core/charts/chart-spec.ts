/**
 * What a caller asks to be drawn, and the options for drawing it, with the zod schemas that
 * check them before Vega sees them.
 */

import { z } from 'zod';
import { ChartError, ChartErrorCodes } from './errors.ts';

/**
 * One data point. `x` is an ISO date `YYYY-MM-DD` for temporal charts (or a UTC minute `YYYY-MM-DDTHH:MMZ` for
 * charts of the last hours; one chart uses one form), else a category label.
 */
export interface ChartPoint {
  x: string;
  y: number;
  series?: string;
}

/** A line or bar chart of one or more series. */
export interface ChartSpec {
  title: string;
  yLabel: string;
  kind: 'line' | 'bar';
  xType: 'temporal' | 'nominal';
  points: ChartPoint[];
  subtitle?: string;
}

/** Colour scheme: dark matches Discord's dark mode, light suits paper and spreadsheets. */
export type ChartTheme = 'light' | 'dark';

/** Options for {@link chartSvg}. */
export interface ChartSvgOptions {
  /** Total width in CSS pixels, titles and legend included. @default 800 */
  width?: number;
  /** Total height in CSS pixels. @default 400 */
  height?: number;
  /** @default 'dark' */
  theme?: ChartTheme;
}

/** Options for {@link chartPng}. */
export interface ChartPngOptions extends ChartSvgOptions {
  /** Pixel density: the PNG is `width * scale` by `height * scale`. @default 1 */
  scale?: number;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoMinute = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;

/** True for a real day written `YYYY-MM-DD` (so not '2025-02-30'), or a real UTC minute `YYYY-MM-DDTHH:MMZ`. */
function isCalendarDate(x: string): boolean {
  if (isoMinute.test(x)) {
    const date = new Date(x);
    return !Number.isNaN(date.getTime()) && `${date.toISOString().slice(0, 16)}Z` === x;
  }
  if (!isoDate.test(x)) return false;
  const date = new Date(`${x}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === x;
}

/** Whether a temporal chart's points are minutes (`YYYY-MM-DDTHH:MMZ`) rather than days. */
export const isMinuteChart = (points: readonly ChartPoint[]): boolean => points.some((p) => isoMinute.test(p.x));

const chartPointSchema = z.object({
  x: z.string(),
  y: z.number().finite(),
  series: z.string().optional(),
});

/** Validates a {@link ChartSpec}; temporal charts must use real calendar dates. */
export const chartSpecSchema = z
  .object({
    title: z.string(),
    yLabel: z.string(),
    kind: z.enum(['line', 'bar']),
    xType: z.enum(['temporal', 'nominal']),
    points: z.array(chartPointSchema),
    subtitle: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.xType !== 'temporal') return;
    // One issue for the first bad date and a count: a whole series of bad dates would
    // otherwise make an error message as long as the data.
    const bad = spec.points.flatMap((point, index) => (isCalendarDate(point.x) ? [] : [index]));
    if (bad.length === 0) return;
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
    ctx.addIssue({
      code: 'custom',
      path: ['points', bad[0], 'x'],
      message: `not a YYYY-MM-DD date or YYYY-MM-DDTHH:MMZ minute: '${spec.points[bad[0]].x}'${more}`,
    });
  });

// Bounds keep a typo from asking resvg for a gigapixel buffer.
const dimension = z.number().int().min(100).max(4000);

/** Validates {@link ChartPngOptions} (and so {@link ChartSvgOptions}) and fills in defaults. */
export const chartOptionsSchema = z.object({
  width: dimension.default(800),
  height: dimension.default(400),
  theme: z.enum(['light', 'dark']).default('dark'),
  scale: z.number().min(0.25).max(4).default(1),
});

export type ResolvedChartOptions = z.infer<typeof chartOptionsSchema>;

/** Parses a spec and options, throwing a `CHART_INVALID` error that lists every problem. */
export function parseChartInput(
  chart: ChartSpec,
  opts: ChartPngOptions | undefined,
): { chart: ChartSpec; opts: ResolvedChartOptions } {
  const spec = chartSpecSchema.safeParse(chart);
  if (!spec.success) {
    throw new ChartError(ChartErrorCodes.CHART_INVALID, `invalid chart: ${z.prettifyError(spec.error)}`, {
      cause: spec.error,
    });
  }
  const options = chartOptionsSchema.safeParse(opts ?? {});
  if (!options.success) {
    throw new ChartError(ChartErrorCodes.CHART_INVALID, `invalid chart options: ${z.prettifyError(options.error)}`, {
      cause: options.error,
    });
  }
  return { chart: spec.data, opts: options.data };
}
