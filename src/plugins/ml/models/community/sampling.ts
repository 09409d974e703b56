/**
 * Draws from the distributions the community simulation uses, all driven by one seeded uniform generator so a
 * seed fixes every draw. Named after what they sample; none of them touch `Math.random`.
 */

/** A uniform generator on [0, 1), such as `mulberry32(seed)`. */
export type Uniform = () => number;

/** Uniform on [lo, hi). */
export function uniform(rand: Uniform, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

/** Uniform integer in [lo, hi] (both ends included). */
export function uniformInt(rand: Uniform, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** True with probability `p`. */
export function bernoulli(rand: Uniform, p: number): boolean {
  return rand() < p;
}

/**
 * Standard normal by Box–Muller. One draw per call (the second variate is dropped) so the number of uniforms a
 * call consumes never depends on earlier calls.
 */
export function standardNormal(rand: Uniform): number {
  // 1 − u keeps the argument of log in (0, 1].
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median (e^μ) and σ of the log. */
export function logNormal(rand: Uniform, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(rand));
}

/** Exponential with the given mean. */
export function exponential(rand: Uniform, mean: number): number {
  return -mean * Math.log(1 - rand());
}

/**
 * Poisson by Knuth's product method for small means and a rounded normal approximation above 30, where the
 * product method needs too many uniforms and the approximation is already close.
 */
export function poisson(rand: Uniform, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * standardNormal(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rand();
  while (product > limit) {
    k += 1;
    product *= rand();
  }
  return k;
}

/** Picks an index with probability proportional to `weights` (non-negative, not all zero). */
export function weightedIndex(rand: Uniform, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let target = rand() * total;
  for (let i = 0; i < weights.length; i += 1) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** Picks one element uniformly. */
export function pick<T>(rand: Uniform, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** `count` distinct elements in random order (a partial Fisher–Yates shuffle of a copy). */
export function sample<T>(rand: Uniform, items: readonly T[], count: number): T[] {
  const copy = [...items];
  const n = Math.min(count, copy.length);
  for (let i = 0; i < n; i += 1) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}
