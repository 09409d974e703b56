import type { ExecutionContext } from 'ava';

/** Asserts `actual` is a number within `epsilon` of `expected`. */
export function near(t: ExecutionContext, actual: number | null | undefined, expected: number, epsilon = 1e-9): void {
  t.true(typeof actual === 'number' && Math.abs(actual - expected) <= epsilon, `expected ${actual} to be within ${epsilon} of ${expected}`);
}

/** A seeded generator of floats in [0, 1) (mulberry32), so randomised checks are the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
