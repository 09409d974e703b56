import type { ExecutionContext } from 'ava';

/** Asserts `actual` is a number within `epsilon` of `expected`. */
export function near(t: ExecutionContext, actual: number | null | undefined, expected: number, epsilon = 1e-9): void {
  t.true(typeof actual === 'number' && Math.abs(actual - expected) <= epsilon, `expected ${actual} to be within ${epsilon} of ${expected}`);
}
