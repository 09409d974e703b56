import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../src/core/random/seeded-random.ts';

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Runs `fn` and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/**
 * Runs `count` tasks with at most `concurrency` in flight; returns each task's latency (ms) and the wall time.
 * A task that throws is counted in `errors` (its first few messages kept) and does not stop the others.
 */
export async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number; errors: number; errorSamples: string[] }> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push((err as Error).message ?? String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, wallMs: performance.now() - start, errors, errorSamples };
}

/** The app's one seeded PRNG, so both sides of a benchmark get the same data. */
export const rng = mulberry32;
