/**
 * Trend forecasting: a guild's daily betting volume and a capper's daily and cumulative net units, h days
 * ahead, by an LSTM (see lstm-forecaster.ts) — kept only where a rolling-origin backtest shows it beats the
 * naive forecasts; otherwise the winning baseline is what {@link forecastSeries} uses.
 */
import { z } from 'zod';
import { cumulative, dailyBetCounts, dailyNetUnits } from './daily-series.ts';
import { mase, meanForecast, naiveForecast, seasonalNaiveForecast, seasonalNaiveScale } from './forecast-metrics.ts';
import { loadLstmForecaster, lstmForecasterSchema, trainLstmForecaster, type LoadedLstmForecaster } from './lstm-forecaster.ts';
import { simulateCommunity, type SimulatedCommunity } from './simulation.ts';

export const FORECAST_METHODS = ['lstm', 'naive', 'seasonal-naive', 'mean'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

/** A trained forecaster for one kind of series and the method its backtest chose. */
export const seriesForecasterSchema = z.object({
  forecaster: lstmForecasterSchema,
  preferred: z.enum(FORECAST_METHODS),
});
export type SeriesForecaster = z.infer<typeof seriesForecasterSchema>;

export const trendsArtefactSchema = z.object({
  kind: z.literal('community-trends'),
  volume: seriesForecasterSchema,
  capperUnits: seriesForecasterSchema,
});
export type TrendsArtefact = z.infer<typeof trendsArtefactSchema>;

type Forecast = (history: readonly number[], horizon: number) => number[];

/** The baselines and the LSTM as interchangeable functions of (history, horizon). */
export function forecastMethods(lstm: LoadedLstmForecaster | null): Record<ForecastMethod, Forecast> {
  return {
    lstm: (history, h) =>
      lstm && history.length >= lstm.artefact.window ? lstm.forecast(history, h) : seasonalNaiveForecast(history, h),
    naive: naiveForecast,
    'seasonal-naive': (history, h) => seasonalNaiveForecast(history, h, 7),
    mean: (history, h) => meanForecast(history, h, 28),
  };
}

/**
 * Forecasts `horizon` days of a daily series (oldest first) from a real guild.
 *
 * With no artefact, or a history shorter than the LSTM's window, it uses the seasonal naive forecast (period 7).
 * With an artefact it uses the method the backtest preferred, unless `method` forces one.
 */
export function forecastSeries(
  artefactOrNull: SeriesForecaster | null,
  series: readonly number[],
  horizon: number,
  method?: ForecastMethod,
): { method: ForecastMethod; values: number[] } {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError('horizon must be a positive integer');
  if (!artefactOrNull) return { method: 'seasonal-naive', values: seasonalNaiveForecast(series, horizon, 7) };
  // Artefacts come back from storage as JSON: check the shape before rebuilding a network from it.
  const artefact = seriesForecasterSchema.parse(artefactOrNull);
  const chosen = method ?? artefact.preferred;
  const lstm = loadLstmForecaster(artefact.forecaster);
  if (chosen === 'lstm' && series.length < lstm.artefact.window) {
    return { method: 'seasonal-naive', values: seasonalNaiveForecast(series, horizon, 7) };
  }
  return { method: chosen, values: forecastMethods(lstm)[chosen](series, horizon) };
}

/**
 * Rolling-origin evaluation with fixed parameters: for every origin t from `firstOrigin` to n − h, each method
 * forecasts days t..t+h−1 from days 0..t−1; absolute errors are pooled over all origins and steps and divided by
 * the in-sample (days before `firstOrigin`) MAE of the one-step seasonal naive forecast with period
 * `scalePeriod`. The LSTM is not refitted per origin — it was trained on other series.
 */
export function rollingOriginMase(
  series: readonly number[],
  firstOrigin: number,
  horizon: number,
  methods: Readonly<Record<string, Forecast>>,
  scalePeriod = 7,
): Record<string, number> {
  const scale = seasonalNaiveScale(series.slice(0, firstOrigin), scalePeriod);
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(methods)) {
    const actual: number[] = [];
    const predicted: number[] = [];
    for (let t = firstOrigin; t + horizon <= series.length; t += 1) {
      actual.push(...series.slice(t, t + horizon));
      predicted.push(...fn(series.slice(0, t), horizon));
    }
    out[name] = scale > 0 ? mase(actual, predicted, scale) : Number.NaN;
  }
  return out;
}

/** Daily methods turned into forecasts of the running total: last total + cumulative sum of daily forecasts. */
function cumulativeMethods(daily: Record<ForecastMethod, Forecast>): Record<ForecastMethod, Forecast> {
  const diff = (cum: readonly number[]) => cum.map((v, i) => (i === 0 ? v : v - cum[i - 1]));
  const viaDaily = (fn: Forecast): Forecast => (cum, h) => cumulative(fn(diff(cum), h), cum.at(-1) ?? 0);
  return {
    lstm: viaDaily(daily.lstm),
    // On the running total itself: "no change" and "same as a week ago".
    naive: naiveForecast,
    'seasonal-naive': (cum, h) => seasonalNaiveForecast(cum, h, 7),
    mean: viaDaily(daily.mean),
  };
}

const bestMethod = (scores: Record<string, number>): ForecastMethod =>
  FORECAST_METHODS.reduce((best, m) => (scores[m] < scores[best] ? m : best), 'seasonal-naive' as ForecastMethod);

const TREND_DAYS = 168;
const FIRST_ORIGIN = 84;
const HORIZON = 7;

function capperSeries(sim: SimulatedCommunity): number[][] {
  return sim.members
    .filter((m) => m.archetype === 'tout')
    .map((m) => dailyNetUnits(sim.bets.filter((b) => b.memberId === m.id), sim.startTime, sim.days));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Trains both forecasters on three SIMULATED guilds (seeds seed+100000, seed+200000, seed+300000 — apart, so
 * nearby seeds share no guild; 150, 200, 250 members; 168 days) and backtests on a fourth (seed+1000, 200
 * members): origins days 84..161, horizon 7. `preferred` is picked on that backtest, so the MASE of the
 * preferred method is an optimistic figure; the per-method MASEs are what to compare.
 */
export async function trainTrends(opts: {
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ artefact: TrendsArtefact; metrics: Record<string, number> }> {
  const { seed } = opts;
  const iterations = 60;
  const total = 2 * iterations + 1;
  const train = [150, 200, 250].map((members, k) => simulateCommunity({ seed: seed + 100_000 * (k + 1), members, days: TREND_DAYS }));
  const test = simulateCommunity({ seed: seed + 1000, members: 200, days: TREND_DAYS });

  const volumeNet = await trainLstmForecaster(
    train.map((s) => dailyBetCounts(s.bets, s.startTime, s.days)),
    { seed, window: 28, horizon: HORIZON, iterations, nonNegative: true },
    (done) => opts.onProgress?.(done, total),
  );
  const unitsNet = await trainLstmForecaster(
    train.flatMap(capperSeries),
    { seed: seed + 1, window: 28, horizon: HORIZON, iterations },
    (done) => opts.onProgress?.(iterations + done, total),
  );

  const volumeMethods = forecastMethods(loadLstmForecaster(volumeNet));
  const volume = rollingOriginMase(dailyBetCounts(test.bets, test.startTime, test.days), FIRST_ORIGIN, HORIZON, volumeMethods);

  const unitsMethods = forecastMethods(loadLstmForecaster(unitsNet));
  const daily: Record<string, number>[] = [];
  const cum: Record<string, number>[] = [];
  for (const s of capperSeries(test)) {
    const inSample = s.slice(0, FIRST_ORIGIN);
    // A capper who barely bet before the first origin has no usable scale.
    if (inSample.filter((v) => v !== 0).length < 28) continue;
    daily.push(rollingOriginMase(s, FIRST_ORIGIN, HORIZON, unitsMethods, 7));
    cum.push(rollingOriginMase(cumulative(s), FIRST_ORIGIN, HORIZON, cumulativeMethods(unitsMethods), 1));
  }
  opts.onProgress?.(total, total);

  const capperDaily = Object.fromEntries(FORECAST_METHODS.map((m) => [m, mean(daily.map((d) => d[m]))]));
  const capperCum = Object.fromEntries(FORECAST_METHODS.map((m) => [m, mean(cum.map((d) => d[m]))]));
  const metrics: Record<string, number> = { horizon: HORIZON, origins: TREND_DAYS - HORIZON - FIRST_ORIGIN + 1, cappers: daily.length };
  for (const m of FORECAST_METHODS) {
    metrics[`volume_mase_${m}`] = volume[m];
    metrics[`capper_daily_mase_${m}`] = capperDaily[m];
    metrics[`capper_cumulative_mase_${m}`] = capperCum[m];
  }
  return {
    artefact: {
      kind: 'community-trends',
      volume: { forecaster: volumeNet, preferred: bestMethod(volume) },
      capperUnits: { forecaster: unitsNet, preferred: bestMethod(capperDaily) },
    },
    metrics,
  };
}
