/**
 * Turns a {@link ChartSpec} into a Vega-Lite spec sized to fill exactly the requested image.
 */

import type { TopLevelSpec } from 'vega-lite';
import { isMinuteChart, type ChartPoint, type ChartSpec, type ResolvedChartOptions } from './chart-spec.ts';
import { CHART_PADDING, FONT_SIZES, themeConfig, themePalette, type ThemePalette } from './chart-theme.ts';
import { fitText, measureText } from './text-measure.ts';

/** Shown in place of the plot when there are no points. */
export const NO_DATA_MESSAGE = 'No data for this period';

// More markers than this per series turn a line into a bead string.
const MAX_POINT_MARKERS = 60;
const DAY_MS = 86_400_000;
// Widest a category or legend label may be before it is shortened with "…".
const MAX_LABEL_PX = 150;

type Datum = { x: string; y: number; series: string };

function seriesNames(points: ChartPoint[]): string[] | null {
  if (!points.some((p) => p.series !== undefined)) return null;
  const names: string[] = [];
  for (const p of points) {
    const name = p.series ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Dates show the year only when the chart crosses into another year and spans most of one, where "Jan 5" is ambiguous. */
function dateFormat(points: ChartPoint[]): string {
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    const t = Date.parse(`${p.x}T00:00:00Z`);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const sameYear = new Date(min).getUTCFullYear() === new Date(max).getUTCFullYear();
  return sameYear || max - min < 300 * DAY_MS ? '%b %-d' : '%b %-d, %Y';
}

/**
 * A Vega expression showing long labels shortened, or undefined when none are too long.
 * The data keep the full names, so two long names sharing a prefix stay two categories.
 */
function shortLabelExpr(labels: Iterable<string>): string | undefined {
  const short: Record<string, string> = {};
  let any = false;
  for (const label of labels) {
    const fitted = fitText(label, MAX_LABEL_PX, FONT_SIZES.label);
    if (fitted !== label) {
      short[label] = fitted;
      any = true;
    }
  }
  // Labels are member-typed text: JSON string escaping keeps them literals inside the expression
  // (plus U+2028/2029, which JSON leaves raw and older expression parsers read as line ends).
  const literal = JSON.stringify(short).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return any ? `${literal}[datum.label] || datum.label` : undefined;
}

function xEncoding(chart: ChartSpec) {
  if (chart.xType === 'temporal' && isMinuteChart(chart.points)) {
    // Minutes of the last hours, labelled in UTC (the figures' own clock), as days are below.
    return {
      field: 'x',
      type: 'temporal' as const,
      timeUnit: 'utcyearmonthdatehoursminutes' as const,
      title: 'UTC',
      axis: { format: '%H:%M', labelOverlap: true, labelFlush: false },
    };
  }
  if (chart.xType === 'temporal') {
    // UTC time units: 'YYYY-MM-DD' parses as UTC midnight, and local units would shift
    // every label by the host's zone offset.
    return {
      field: 'x',
      type: 'temporal' as const,
      timeUnit: 'utcyearmonthdate' as const,
      title: null,
      // Vega-Lite pushes the end labels inward by default, which jams the first into the second.
      axis: { format: dateFormat(chart.points), labelOverlap: true, labelFlush: false },
    };
  }
  const categories = new Set(chart.points.map((p) => p.x));
  const longest = Math.max(...Array.from(categories, (c) => c.length));
  const labelExpr = shortLabelExpr(categories);
  return {
    field: 'x',
    type: 'nominal' as const,
    // Keep the caller's order: categories usually arrive ranked.
    sort: null,
    title: null,
    axis: { labelAngle: longest * categories.size > 90 ? -35 : 0, ...(labelExpr ? { labelExpr } : {}) },
  };
}

/** As many legend columns as the widest entry allows, so a long legend wraps instead of overflowing. */
function legendColumns(series: string[], width: number): number {
  const widest = Math.max(...series.map((s) => measureText(fitText(s, MAX_LABEL_PX, FONT_SIZES.label), FONT_SIZES.label)));
  // Symbol, its offset and the column gap add about 30 px per entry.
  const perEntry = widest + 30;
  return Math.max(1, Math.min(series.length, Math.floor((width - 2 * CHART_PADDING) / perEntry)));
}

function colorEncoding(
  chart: ChartSpec,
  opts: ResolvedChartOptions,
  palette: ThemePalette,
  series: string[] | null,
  crossesZero: boolean,
) {
  if (series !== null) {
    const labelExpr = shortLabelExpr(series);
    return {
      field: 'series',
      type: 'nominal' as const,
      sort: series,
      scale: { range: palette.series },
      legend: { columns: legendColumns(series, opts.width), ...(labelExpr ? { labelExpr } : {}) },
    };
  }
  if (chart.kind === 'bar' && crossesZero) {
    return { condition: { test: 'datum.y < 0', value: palette.negative }, value: palette.positive };
  }
  return { value: palette.primary };
}

function emptySpec(chart: ChartSpec, opts: ResolvedChartOptions): TopLevelSpec {
  return {
    ...frame(chart, opts),
    data: { values: [{ message: NO_DATA_MESSAGE }] },
    mark: { type: 'text', x: { expr: 'width / 2' }, y: { expr: 'height / 2' }, align: 'center', baseline: 'middle' },
    encoding: { text: { field: 'message', type: 'nominal' } },
  };
}

function frame(chart: ChartSpec, opts: ResolvedChartOptions) {
  const room = opts.width - 2 * CHART_PADDING;
  const text = fitText(chart.title, room, FONT_SIZES.title, 'bold');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width,
    height: opts.height,
    // 'fit' + 'padding' makes width/height the whole image, titles and legend included.
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    title: chart.subtitle === undefined ? { text } : { text, subtitle: fitText(chart.subtitle, room, FONT_SIZES.subtitle) },
    config: themeConfig(opts.theme),
  };
}

/**
 * Builds the Vega-Lite spec for a chart.
 *
 * Line charts get point markers up to 60 points per series; single-series bar charts that
 * cross zero colour bars by sign; any chart whose values cross zero gets a zero rule, since
 * above/below zero is what net units are about.
 */
export function vegaLiteSpec(chart: ChartSpec, opts: ResolvedChartOptions): TopLevelSpec {
  if (chart.points.length === 0) return emptySpec(chart, opts);
  const palette = themePalette(opts.theme);
  const series = seriesNames(chart.points);
  const values: Datum[] = chart.points.map((p) => ({ x: p.x, y: p.y, series: p.series ?? '' }));
  const crossesZero = values.some((d) => d.y < 0) && values.some((d) => d.y > 0);
  const perSeries = chart.points.length / (series?.length ?? 1);

  const encoding = {
    x: xEncoding(chart),
    y: { field: 'y', type: 'quantitative' as const, title: chart.yLabel },
    color: colorEncoding(chart, opts, palette, series, crossesZero),
    // Grouped rather than stacked bars where there is room: stacking several series' net
    // units hides their signs. Daily bars are too thin to group, so those stack.
    ...(chart.kind === 'bar' && series !== null && chart.xType === 'nominal'
      ? { xOffset: { field: 'series', type: 'nominal' as const, sort: series } }
      : {}),
  };
  const mark =
    chart.kind === 'line'
      ? { type: 'line' as const, strokeWidth: 2, point: perSeries <= MAX_POINT_MARKERS }
      : { type: 'bar' as const, cornerRadiusEnd: 2 };

  const main = { mark, encoding };
  if (!crossesZero) return { ...frame(chart, opts), data: { values }, ...main };
  return {
    ...frame(chart, opts),
    data: { values },
    layer: [
      main,
      { mark: { type: 'rule', color: palette.zeroLine, strokeWidth: 1 }, encoding: { y: { datum: 0 } } },
    ],
  };
}
