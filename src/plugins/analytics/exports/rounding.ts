/**
 * Decimal rounding that matches what people expect from the printed number.
 */

/**
 * Rounds half away from zero at `places` decimals, so 1.005 → 1.01 and −1.005 → −1.01.
 *
 * `Math.round(x * 100) / 100` gets 1.005 wrong because 1.005 × 100 is 100.49999999999999
 * in binary; nudging by one ulp-ish factor first puts it back on the half it was written as.
 * Never returns −0.
 */
export function roundHalfAway(value: number, places: number): number {
  const factor = 10 ** places;
  const rounded = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON)) / factor;
  if (rounded === 0) return 0;
  return value < 0 ? -rounded : rounded;
}
