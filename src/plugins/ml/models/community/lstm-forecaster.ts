/**
 * A univariate brain.js `recurrent.LSTMTimeStep` that forecasts a daily series h days ahead.
 *
 * Scale-free by construction: every window is divided by the mean absolute value of its own context (the
 * first `window` values) before training, and forecasts are multiplied back. A model trained on simulated
 * guilds of one size therefore applies to a real guild of another size — and to net units, which can be
 * negative (so no min–max shift, which would move zero).
 */
import brain from 'brain.js';
import { z } from 'zod';
import { mulberry32, withSeededMathRandom } from 'dbsbm';
import { sample } from './sampling.ts';

/** Defaults chosen on development seeds 100 and 200 (not the seeds reported in docs/ml.md (Community models)). */
export const lstmTrainingOptionsSchema = z.object({
  seed: z.number().int(),
  /** Days of context the network sees before forecasting. */
  window: z.number().int().min(7).default(28),
  /** Days forecast after the context in each training sequence. */
  horizon: z.number().int().min(1).default(7),
  hiddenSize: z.number().int().min(1).default(8),
  iterations: z.number().int().min(1).default(60),
  learningRate: z.number().positive().default(0.02),
  /** Training sequences are cut every `stride` days and at most `maxSequences` kept (a seeded sample). */
  stride: z.number().int().min(1).default(2),
  maxSequences: z.number().int().min(1).default(200),
  /** Clamp forecasts at zero (counts). */
  nonNegative: z.boolean().default(false),
});
export type LstmTrainingOptions = z.input<typeof lstmTrainingOptionsSchema>;

/** The serialisable forecaster: the network's JSON and how to feed it. */
export const lstmForecasterSchema = z.object({
  kind: z.literal('lstm-forecaster'),
  window: z.number().int(),
  horizon: z.number().int(),
  nonNegative: z.boolean(),
  /** brain.js `LSTMTimeStep#toJSON()` output, stored as is. */
  network: z.record(z.string(), z.unknown()),
  /** Final training error brain.js reported (on normalised values). */
  trainingError: z.number(),
});
export type LstmForecaster = z.infer<typeof lstmForecasterSchema>;

type NetworkJson = ReturnType<InstanceType<typeof brain.recurrent.LSTMTimeStep>['toJSON']>;

function contextScale(context: readonly number[]): number {
  const m = context.reduce((s, v) => s + Math.abs(v), 0) / context.length;
  return m > 0 ? m : 1;
}

/** Cuts training sequences (context + horizon) from each series, normalised by their context scale. */
export function trainingSequences(series: readonly (readonly number[])[], window: number, horizon: number, stride: number): number[][] {
  const out: number[][] = [];
  for (const s of series) {
    for (let start = 0; start + window + horizon <= s.length; start += stride) {
      const seq = s.slice(start, start + window + horizon);
      const scale = contextScale(seq.slice(0, window));
      out.push(seq.map((v) => v / scale));
    }
  }
  return out;
}

/**
 * Trains an LSTM forecaster on several daily series. Deterministic for a seed: brain.js draws its initial
 * weights from `Math.random`, which is seeded for the duration of training.
 *
 * @param onIteration - called after each training iteration with (done, total)
 */
export async function trainLstmForecaster(
  series: readonly (readonly number[])[],
  options: LstmTrainingOptions,
  onIteration?: (done: number, total: number) => void,
): Promise<LstmForecaster> {
  const o = lstmTrainingOptionsSchema.parse(options);
  const all = trainingSequences(series, o.window, o.horizon, o.stride);
  if (all.length === 0) throw new RangeError(`no series is at least ${o.window + o.horizon} days long`);
  const sequences = all.length > o.maxSequences ? sample(mulberry32(o.seed), all, o.maxSequences) : all;

  return withSeededMathRandom(o.seed, () => {
    const net = new brain.recurrent.LSTMTimeStep({ inputSize: 1, hiddenLayers: [o.hiddenSize], outputSize: 1 });
    const status = net.train(sequences, {
      iterations: o.iterations,
      learningRate: o.learningRate,
      errorThresh: 0,
      log: false,
      callbackPeriod: 1,
      // brain.js counts iterations from 0 in its callback.
      callback: (s) => onIteration?.(s.iterations + 1, o.iterations),
    });
    return {
      kind: 'lstm-forecaster' as const,
      window: o.window,
      horizon: o.horizon,
      nonNegative: o.nonNegative,
      network: net.toJSON() as unknown as Record<string, unknown>,
      trainingError: status.error,
    };
  });
}

/** A forecaster ready to run (the network rebuilt once from its JSON). */
export interface LoadedLstmForecaster {
  artefact: LstmForecaster;
  forecast(history: readonly number[], horizon: number): number[];
}

/** Rebuilds the network from an artefact. */
export function loadLstmForecaster(artefact: LstmForecaster): LoadedLstmForecaster {
  const net = new brain.recurrent.LSTMTimeStep().fromJSON(artefact.network as unknown as NetworkJson);
  return {
    artefact,
    forecast(history, horizon) {
      if (history.length < artefact.window) throw new RangeError(`need ${artefact.window} days of history`);
      const context = history.slice(-artefact.window);
      const scale = contextScale(context);
      const raw = net.forecast(context.map((v) => v / scale), horizon) as number[];
      return Array.from(raw, (v) => {
        const value = v * scale;
        return artefact.nonNegative ? Math.max(0, value) : value;
      });
    },
  };
}
