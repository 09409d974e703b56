/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient descent. No
 * randomness at all (zero start, fixed step), so the same data always gives the same weights.
 */
import { z } from 'zod';

export const logisticModelSchema = z.object({
  /** Per-feature mean and standard deviation used to standardise inputs (std 0 is stored as 1). */
  means: z.array(z.number()),
  stds: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
export type LogisticModel = z.infer<typeof logisticModelSchema>;

export interface LogisticOptions {
  /** @default 800 */
  iterations?: number;
  /** @default 0.5 */
  learningRate?: number;
  /** L2 penalty on the weights (not the bias). @default 0.001 */
  l2?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function standardiser(rows: readonly (readonly number[])[]): { means: number[]; stds: number[] } {
  const d = rows[0].length;
  const means = new Array<number>(d).fill(0);
  const stds = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => (means[j] += v / rows.length));
  for (const r of rows) r.forEach((v, j) => (stds[j] += (v - means[j]) ** 2 / rows.length));
  return { means, stds: stds.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/**
 * Fits P(y = 1 | x) = σ(w·z + b), z the standardised x.
 * @throws RangeError on empty or ragged input.
 */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly boolean[], options: LogisticOptions = {}): LogisticModel {
  const { iterations = 800, learningRate = 0.5, l2 = 0.001 } = options;
  if (rows.length === 0 || rows.length !== labels.length) throw new RangeError('need as many labels as rows, at least one');
  const { means, stds } = standardiser(rows);
  const z = rows.map((r) => r.map((v, j) => (v - means[j]) / stds[j]));
  const d = means.length;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it += 1) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    z.forEach((x, i) => {
      const err = sigmoid(x.reduce((s, v, j) => s + v * w[j], b)) - (labels[i] ? 1 : 0);
      for (let j = 0; j < d; j += 1) gw[j] += (err * x[j]) / z.length;
      gb += err / z.length;
    });
    for (let j = 0; j < d; j += 1) w[j] -= learningRate * (gw[j] + l2 * w[j]);
    b -= learningRate * gb;
  }
  return { means, stds, weights: w, bias: b };
}

/** Each feature's contribution w_j·z_j to the log-odds, for explaining a prediction. */
export function logisticContributions(model: LogisticModel, x: readonly number[]): number[] {
  return x.map((v, j) => model.weights[j] * ((v - model.means[j]) / model.stds[j]));
}

/** P(y = 1 | x). */
export function predictLogistic(model: LogisticModel, x: readonly number[]): number {
  return sigmoid(logisticContributions(model, x).reduce((a, c) => a + c, model.bias));
}
