import test from 'ava';
import { loadLstmForecaster, trainLstmForecaster } from '../../../../../src/plugins/ml/models/community/lstm-forecaster.ts';
import { forecastSeries, rollingOriginMase } from '../../../../../src/plugins/ml/models/community/trends.ts';

const weekly = (days: number, level: number) =>
  Array.from({ length: days }, (_, d) => level * [0.8, 0.7, 0.9, 0.9, 1, 1.6, 1.1][d % 7] + (d % 3));

const tiny = { seed: 3, window: 14, horizon: 7, iterations: 5, hiddenSize: 4, maxSequences: 30, nonNegative: true };

test('the LSTM forecast is finite, non-negative for counts and of the requested length', async (t) => {
  const artefact = await trainLstmForecaster([weekly(70, 100), weekly(70, 40)], tiny);
  const values = loadLstmForecaster(artefact).forecast(weekly(30, 250), 10);
  t.is(values.length, 10);
  t.true(values.every((v) => Number.isFinite(v) && v >= 0));
});

test('LSTM training is deterministic for a seed and its artefact survives JSON', async (t) => {
  const a = await trainLstmForecaster([weekly(50, 10)], tiny);
  const b = await trainLstmForecaster([weekly(50, 10)], tiny);
  t.is(JSON.stringify(a), JSON.stringify(b));
  const roundTrip = JSON.parse(JSON.stringify(a));
  t.deepEqual(loadLstmForecaster(roundTrip).forecast(weekly(20, 10), 3), loadLstmForecaster(a).forecast(weekly(20, 10), 3));
});

test('progress is reported once per iteration', async (t) => {
  const seen: number[] = [];
  await trainLstmForecaster([weekly(40, 10)], tiny, (done, total) => {
    t.is(total, 5);
    seen.push(done);
  });
  t.deepEqual(seen, [1, 2, 3, 4, 5]);
});

test('without an artefact, or with too short a history, the forecast is seasonal naive', async (t) => {
  const series = weekly(21, 10);
  t.deepEqual(forecastSeries(null, series, 7), { method: 'seasonal-naive', values: series.slice(14) });
  const forecaster = await trainLstmForecaster([weekly(40, 10)], { ...tiny, window: 28, iterations: 1 });
  t.is(forecastSeries({ forecaster, preferred: 'lstm' }, series, 7).method, 'seasonal-naive');
  t.is(forecastSeries({ forecaster, preferred: 'lstm' }, weekly(40, 10), 7).values.length, 7);
});

test('a perfectly weekly series has seasonal-naive MASE 0 in the backtest', (t) => {
  const series = Array.from({ length: 42 }, (_, d) => [1, 2, 3, 4, 5, 9, 7][d % 7]);
  // The in-sample scale would be 0 for an exact cycle; add a one-off bump before the first origin.
  series[3] += 7;
  const scores = rollingOriginMase(series, 21, 7, { snaive: (h, n) => h.slice(-7).slice(0, n) });
  t.is(scores.snaive, 0);
});
