/** The last step every detector shares: from a statistical certainty to the stored confidence. */

/**
 * The confidence a detector reports, given its statistical `certainty` (0..1) and the size of the sample it came from:
 *
 *     confidence = certainty × n / (n + minBets)
 *
 * The factor treats `minBets` like that many extra observations that show nothing, the way a prior pulls a small
 * sample's estimate back. Below `minBets` the confidence stays under one half however lopsided the bets look
 * (exact tests can be very sure about six identical bets, but six bets are not a habit); it can pass 0.8 only from
 * `4 × minBets` on and 0.9 from `9 × minBets`. That also keeps down the chance flukes a test run on every member
 * will throw up now and then in short histories, which matters because a harmful pattern triggers a note.
 * The certainty is clamped to 0..1 first and the result rounded to 4 decimals (it is stored as `DECIMAL(5,4)`).
 */
export function gatedConfidence(certainty: number, sampleSize: number, minBets: number): number {
  const n = Math.max(0, sampleSize);
  const weight = n === 0 ? 0 : n / (n + minBets);
  return roundTo4(Math.min(1, Math.max(0, certainty)) * weight);
}

/** Rounds evidence and confidences to 4 decimals, so stored JSON doesn't carry float noise. */
export function roundTo4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
