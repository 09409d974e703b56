/** Exponential backoff from 1 s, doubling, capped at 1 h. */
export const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 3_600_000);

/**
 * Adds "equal jitter": half the delay is kept, the other half is random, so retries of many jobs failing together
 * spread out while each still waits at least half its delay.
 */
export const withJitter = (delayMs: number, random: () => number = Math.random): number =>
  Math.round(delayMs / 2 + random() * (delayMs / 2));
