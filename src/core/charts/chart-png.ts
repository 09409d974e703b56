/**
 * Chart → PNG, rasterising the SVG with resvg and the shipped fonts only.
 */

import { Resvg } from '@resvg/resvg-js';
import { parseChartInput, type ChartPngOptions, type ChartSpec } from './chart-spec.ts';
import { renderSvg } from './chart-svg.ts';
import { ChartError, ChartErrorCodes } from './errors.ts';
import { FONT_FAMILY, fontPaths } from './font-files.ts';

/**
 * Draws a chart as a PNG of `width * scale` by `height * scale` pixels.
 *
 * System fonts are not loaded, so the same input gives the same bytes on any host.
 * The default theme is dark, to sit in a Discord message.
 *
 * @throws ChartError `CHART_INVALID` for a bad spec or options, `CHART_RENDER_FAILED` if rendering fails
 * @example
 * const png = await chartPng(chart, { width: 800, height: 400, scale: 2 }); // 1600×800
 */
export async function chartPng(chart: ChartSpec, opts?: ChartPngOptions): Promise<Buffer> {
  const parsed = parseChartInput(chart, opts);
  const svg = await renderSvg(parsed.chart, parsed.opts);
  try {
    const resvg = new Resvg(svg, {
      font: { fontFiles: fontPaths(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
      fitTo: { mode: 'width', value: Math.round(parsed.opts.width * parsed.opts.scale) },
      shapeRendering: 2,
      textRendering: 1,
      logLevel: 'off',
    });
    return resvg.render().asPng();
  } catch (cause) {
    throw new ChartError(ChartErrorCodes.CHART_RENDER_FAILED, `could not rasterise chart '${chart.title}'`, { cause });
  }
}
