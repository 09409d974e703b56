/** How likely a run of successes is by chance, for streak detectors. */

/**
 * Probability of at least one run of `length` consecutive successes in `trials` independent trials that each
 * succeed with probability `p`. Exact, by a small Markov chain over the length of the current run.
 *
 * @example
 * probabilityOfRun(30, 3, 1 / 7); // ≈ 0.069: three nights running is unusual for a once-a-week night owl
 */
export function probabilityOfRun(trials: number, length: number, p: number): number {
  if (length <= 0) return 1;
  if (trials < length || p <= 0) return 0;
  if (p >= 1) return 1;
  // state[r]: probability of no full run yet and a current run of r successes.
  let state = new Float64Array(length);
  state[0] = 1;
  let reached = 0;
  for (let i = 0; i < trials; i++) {
    const next = new Float64Array(length);
    for (let r = 0; r < length; r++) {
      const mass = state[r];
      if (mass === 0) continue;
      next[0] += mass * (1 - p);
      if (r + 1 === length) reached += mass * p;
      else next[r + 1] += mass * p;
    }
    state = next;
  }
  return Math.min(1, reached);
}
