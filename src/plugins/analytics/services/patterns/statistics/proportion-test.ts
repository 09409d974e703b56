/**
 * Confidence that a member's true share of something (favourites, parlays, one sport…) is above a threshold,
 * from the share seen in a sample.
 */

import { normalCdf } from './normal-distribution.ts';

/**
 * One-sided confidence that the true share exceeds `threshold`, given `share` seen over `n` trials:
 *
 *     z = (share − threshold) · √n / √(threshold · (1 − threshold)),   confidence = Φ(z)
 *
 * This is the score test of a proportion, the test the Wilson interval inverts: `Φ(z)` is the highest one-sided
 * level at which the {@link wilsonLowerBound Wilson lower bound} of `share` still reaches `threshold`.
 * It is 0.5 when the share sits on the threshold and grows with both the share and the sample size.
 *
 * @param share Observed share, 0..1.
 * @param n Number of trials; for a share of stakes pass the effective sample size ({@link effectiveSampleSize}).
 * @param threshold The share the member must be above; strictly between 0 and 1.
 * @returns 0 when `n` is 0.
 */
export function shareAboveConfidence(share: number, n: number, threshold: number): number {
  if (!(n > 0)) return 0;
  const z = ((share - threshold) * Math.sqrt(n)) / Math.sqrt(threshold * (1 - threshold));
  return normalCdf(z);
}

/**
 * Lower end of the Wilson score interval of a proportion: with `share` seen over `n` trials, the true share is above
 * this with one-sided confidence `Φ(z)` (z = 1.645 → 95%). Reported as evidence beside a confidence.
 *
 * @returns 0 when `n` is 0.
 */
export function wilsonLowerBound(share: number, n: number, z = 1.645): number {
  if (!(n > 0)) return 0;
  const z2 = z * z;
  const centre = share + z2 / (2 * n);
  const spread = z * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/**
 * Kish's effective sample size of weights: `(Σw)² / Σw²`. Equals the count when all weights are equal and
 * shrinks when a few big stakes dominate, so a share of stakes is not tested as if every unit were a separate bet.
 */
export function effectiveSampleSize(weights: readonly number[]): number {
  let sum = 0;
  let sumSquares = 0;
  for (const w of weights) {
    sum += w;
    sumSquares += w * w;
  }
  return sumSquares === 0 ? 0 : (sum * sum) / sumSquares;
}
