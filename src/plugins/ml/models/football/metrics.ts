/** Probabilities floor for log-loss, so one impossible-looking outcome gives a large but finite penalty. */
const EPS = 1e-15;

/** A probabilistic forecast of a 3-way outcome and what happened. */
export interface Scored3 {
  /** Probabilities in home, draw, away order, summing to 1. */
  p: readonly number[];
  /** Index of the actual outcome (0 home, 1 draw, 2 away). */
  y: number;
}

/** Mean negative natural log of the probability given to the actual outcome. */
export function logLoss(rows: readonly Scored3[]): number {
  if (rows.length === 0) return Number.NaN;
  let sum = 0;
  for (const r of rows) sum -= Math.log(Math.max(r.p[r.y], EPS));
  return sum / rows.length;
}

/** Share of matches whose most probable outcome (first one on ties) happened. */
export function accuracy(rows: readonly Scored3[]): number {
  if (rows.length === 0) return Number.NaN;
  let hits = 0;
  for (const r of rows) if (argmax(r.p) === r.y) hits += 1;
  return hits / rows.length;
}

/**
 * Multi-class Brier score: Σ over the 3 outcomes of (p_k − y_k)², averaged over matches (0 perfect, 2 worst).
 */
export function brier(rows: readonly Scored3[]): number {
  if (rows.length === 0) return Number.NaN;
  let sum = 0;
  for (const r of rows) {
    for (let k = 0; k < r.p.length; k++) sum += (r.p[k] - (k === r.y ? 1 : 0)) ** 2;
  }
  return sum / rows.length;
}

/**
 * Expected calibration error, class-wise: every (match, outcome) pair is one forecast of probability p_k
 * with label 1 if outcome k happened. Pairs go into `bins` equal-width bins of p (p = 1 in the last); ECE is
 * Σ_b (n_b / N) · |mean p in b − share of 1s in b|, N = 3 × matches.
 */
export function expectedCalibrationError(rows: readonly Scored3[], bins = 10): number {
  if (rows.length === 0) return Number.NaN;
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  let n = 0;
  for (const r of rows) {
    for (let k = 0; k < r.p.length; k++) {
      const b = Math.min(bins - 1, Math.floor(r.p[k] * bins));
      count[b] += 1;
      sumP[b] += r.p[k];
      sumY[b] += k === r.y ? 1 : 0;
      n += 1;
    }
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) ece += (count[b] / n) * Math.abs(sumP[b] / count[b] - sumY[b] / count[b]);
  }
  return ece;
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Rounds to 4 decimals for reports (keeps integers as they are). */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
