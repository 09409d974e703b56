/**
 * Seeded pseudo-random numbers: the one generator of the whole app (model training, simulations, demo data and
 * randomised tests), so that "same seed, same numbers" holds everywhere and there is one copy to trust.
 *
 * The trained ML artefacts were made with exactly this sequence: changing it changes them.
 */

/**
 * mulberry32: a tiny 32-bit PRNG with a full 2^32 period — plenty for weight initialisation, shuffles and fixtures.
 * Not for anything secret.
 *
 * @param seed - any integer; it is reduced to 32 bits
 * @returns a function returning floats in [0, 1), like `Math.random`
 * @since 1.1.0
 * @example
 * const rand = mulberry32(42);
 * rand(); // same value on every run
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` with `Math.random` replaced by `mulberry32(seed)` and restores the original afterwards, even if
 * `fn` throws.
 *
 * Why global replacement: libraries such as brain.js call `Math.random` directly to initialise weights and
 * cannot be handed a generator. The swap is process-global: do not run two seeded runs concurrently in
 * one process (await one before starting the next); nesting is fine, the inner call restores the outer
 * generator when it ends.
 *
 * @param seed - seed for the generator
 * @param fn - work to run; may be async
 * @returns what `fn` returns
 * @since 1.1.0
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => T | Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
