/**
 * Colours and Vega-Lite config for the two chart themes.
 */

import type { Config } from 'vega-lite';
import type { ChartTheme } from './chart-spec.ts';
import { FONT_FAMILY } from './font-files.ts';

/** The colours one theme draws with. */
export interface ThemePalette {
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  domain: string;
  zeroLine: string;
  /** Colour of a single series. */
  primary: string;
  /** Bars above and below zero when a single series crosses it (net units). */
  positive: string;
  negative: string;
  /** Colours of several series, in order. */
  series: string[];
}

/** Discord's dark-mode chat background and text colours, so the image sits flush in a message. */
const dark: ThemePalette = {
  background: '#2b2d31',
  text: '#f2f3f5',
  mutedText: '#b5bac1',
  grid: '#3f4147',
  domain: '#6d6f78',
  zeroLine: '#949ba4',
  primary: '#5865f2',
  positive: '#23a55a',
  negative: '#f23f43',
  series: ['#5865f2', '#f0b232', '#23a55a', '#eb459e', '#00a8fc', '#f23f43', '#a07aff', '#949ba4'],
};

const light: ThemePalette = {
  background: '#ffffff',
  text: '#1f2328',
  mutedText: '#57606a',
  grid: '#e4e7eb',
  domain: '#8c959f',
  zeroLine: '#57606a',
  primary: '#4e5bd8',
  positive: '#1a7f37',
  negative: '#cf222e',
  series: ['#4e5bd8', '#d4a72c', '#1a7f37', '#bf3989', '#0969da', '#cf222e', '#8250df', '#57606a'],
};

/** The palette of a theme. */
export function themePalette(theme: ChartTheme): ThemePalette {
  return theme === 'dark' ? dark : light;
}

/** Outer padding of every chart, in pixels; the spec builder fits titles inside it. */
export const CHART_PADDING = 12;

/** Font sizes in pixels, shared with the spec builder, which measures text to fit it. */
export const FONT_SIZES = { title: 16, subtitle: 12, label: 11, axisTitle: 12, message: 16 } as const;

/**
 * Vega-Lite config for a theme: DejaVu everywhere, palette colours, quiet grid.
 * Every text limit is 0 (never truncate) for the reason given in `text-measure.ts`.
 */
export function themeConfig(theme: ChartTheme): Config {
  const p = themePalette(theme);
  return {
    font: FONT_FAMILY,
    background: p.background,
    padding: CHART_PADDING,
    view: { stroke: null },
    title: {
      color: p.text,
      subtitleColor: p.mutedText,
      fontSize: FONT_SIZES.title,
      subtitleFontSize: FONT_SIZES.subtitle,
      anchor: 'start',
      offset: 12,
      limit: 0,
    },
    axis: {
      labelColor: p.mutedText,
      titleColor: p.mutedText,
      labelFontSize: FONT_SIZES.label,
      titleFontSize: FONT_SIZES.axisTitle,
      titleFontWeight: 'normal',
      gridColor: p.grid,
      domainColor: p.domain,
      tickColor: p.domain,
      labelLimit: 0,
      titleLimit: 0,
    },
    axisX: { grid: false },
    legend: {
      labelColor: p.text,
      titleColor: p.mutedText,
      labelFontSize: FONT_SIZES.label,
      orient: 'top',
      title: null,
      labelLimit: 0,
      titleLimit: 0,
    },
    text: { color: p.mutedText, fontSize: FONT_SIZES.message },
    range: { category: p.series },
  };
}
