/**
 * Chart rendering for plugins: Vega-Lite → SVG → PNG, pure and deterministic (shipped fonts only). Built for the
 * analytics plugin's charts and exports, and shared through `dbsbm` so every plugin draws charts the same way.
 */

export { chartSvg } from './chart-svg.ts';
export { chartPng } from './chart-png.ts';
export { NO_DATA_MESSAGE } from './vega-lite-spec.ts';
export { chartSpecSchema, type ChartPoint, type ChartSpec, type ChartTheme, type ChartSvgOptions, type ChartPngOptions } from './chart-spec.ts';
export { ChartError, ChartErrorCodes, type ChartErrorCode } from './errors.ts';
export { FONT_FAMILY, fontBuffer, fontPath, type FontFace } from './font-files.ts';
export { fitText, measureText } from './text-measure.ts';
