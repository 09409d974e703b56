/**
 * The time source feeds use. Injectable so tests can drive timers by hand instead of waiting on real time.
 * `setTimeout` returns an opaque handle that only `clearTimeout` of the same clock understands.
 */
export interface FeedClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Longest delay Node's `setTimeout` honours; longer delays fire at once, so feeds cap to this and re-check. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The real clock: `Date.now` and the global timers. */
export const systemClock: FeedClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
