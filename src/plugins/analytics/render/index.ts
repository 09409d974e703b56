/** Chart rendering for the analytics plugin: Vega-Lite → SVG → PNG, pure and deterministic. */

export { chartSvg } from './chart-svg.ts';
export { chartPng } from './chart-png.ts';
export { NO_DATA_MESSAGE } from './vega-lite-spec.ts';
export type { ChartPoint, ChartSpec, ChartTheme, ChartSvgOptions, ChartPngOptions } from './chart-spec.ts';
export { ChartError, ChartErrorCodes, type ChartErrorCode } from './errors.ts';
export { FONT_FAMILY, fontBuffer, fontPath, type FontFace } from './font-files.ts';
