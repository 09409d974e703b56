/**
 * Chart → SVG string, through Vega-Lite and a headless Vega view.
 */

import { parse, View, Error as VegaErrorLevel, logger } from 'vega';
import { compile } from 'vega-lite';
import { parseChartInput, type ChartSpec, type ChartSvgOptions, type ResolvedChartOptions } from './chart-spec.ts';
import { ChartError, ChartErrorCodes } from './errors.ts';
import { useDejaVuTextMetrics } from './text-measure.ts';
import { vegaLiteSpec } from './vega-lite-spec.ts';

/** Renders an already validated chart; shared with {@link chartPng} so it validates once. */
export async function renderSvg(chart: ChartSpec, opts: ResolvedChartOptions): Promise<string> {
  useDejaVuTextMetrics();
  // Vega's warnings (e.g. about fitting discrete scales) would otherwise go to the console
  // on every render; real failures still throw.
  const quiet = logger(VegaErrorLevel);
  let view: View | undefined;
  try {
    const { spec } = compile(vegaLiteSpec(chart, opts), { logger: quiet });
    view = new View(parse(spec), { renderer: 'none', logger: quiet });
    return await view.toSVG();
  } catch (cause) {
    throw new ChartError(ChartErrorCodes.CHART_RENDER_FAILED, `could not render chart '${chart.title}'`, { cause });
  } finally {
    view?.finalize();
  }
}

/**
 * Draws a chart as a standalone SVG document exactly `width` by `height`, text set in
 * DejaVu Sans. Dates on a temporal axis are treated as UTC calendar days, so the output
 * does not depend on the host's time zone.
 *
 * @throws ChartError `CHART_INVALID` for a bad spec or options, `CHART_RENDER_FAILED` if Vega fails
 * @example
 * const svg = await chartSvg({ title: 'Net units', yLabel: 'Units', kind: 'line', xType: 'temporal',
 *   points: [{ x: '2025-03-01', y: 1.5 }, { x: '2025-03-02', y: -0.5 }] }, { theme: 'light' });
 */
export async function chartSvg(chart: ChartSpec, opts?: ChartSvgOptions): Promise<string> {
  const parsed = parseChartInput(chart, opts);
  return renderSvg(parsed.chart, parsed.opts);
}
