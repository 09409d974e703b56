/**
 * Naive forecasts and the mean absolute scaled error (Hyndman & Koehler 2006) used to judge the LSTM against
 * them.
 */

/** Repeats the last observed value `horizon` times. */
export function naiveForecast(history: readonly number[], horizon: number): number[] {
  const last = history.at(-1) ?? 0;
  return Array.from({ length: horizon }, () => last);
}

/**
 * Seasonal naive: each future day repeats the same weekday one period back (ŷ_{T+h} = y_{T+h−m·k}, k the
 * smallest whole number of periods reaching into the history). Falls back to the naive forecast when the
 * history is shorter than one period.
 */
export function seasonalNaiveForecast(history: readonly number[], horizon: number, period = 7): number[] {
  if (history.length < period) return naiveForecast(history, horizon);
  const n = history.length;
  return Array.from({ length: horizon }, (_, h) => history[n - period + (h % period)]);
}

/** The mean of the last `window` values, repeated: the right benchmark for a series that is mostly noise. */
export function meanForecast(history: readonly number[], horizon: number, window = 28): number[] {
  const tail = history.slice(-window);
  const mean = tail.length === 0 ? 0 : tail.reduce((a, b) => a + b, 0) / tail.length;
  return Array.from({ length: horizon }, () => mean);
}

/**
 * In-sample MAE of the one-step seasonal naive forecast: (1/(n−m)) Σ_{t>m} |y_t − y_{t−m}|. This is the MASE
 * denominator (m = 7 for daily data with a weekly cycle; m = 1 gives the non-seasonal version).
 * @throws RangeError when the series is not longer than one period.
 */
export function seasonalNaiveScale(inSample: readonly number[], period = 7): number {
  if (inSample.length <= period) throw new RangeError(`need more than ${period} in-sample values`);
  let sum = 0;
  for (let t = period; t < inSample.length; t += 1) sum += Math.abs(inSample[t] - inSample[t - period]);
  return sum / (inSample.length - period);
}

/**
 * Mean absolute scaled error: mean |actual − forecast| divided by `scale` (see {@link seasonalNaiveScale}).
 * Below 1: better on average than the in-sample seasonal naive one-step forecast.
 */
export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  if (actual.length !== forecast.length || actual.length === 0) throw new RangeError('actual and forecast must be non-empty and equal in length');
  const mae = actual.reduce((s, a, i) => s + Math.abs(a - forecast[i]), 0) / actual.length;
  return mae / scale;
}
