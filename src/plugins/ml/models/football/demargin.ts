/** Probabilities of the three 1X2 outcomes, in the order home, draw, away; they sum to 1. */
export interface Probs3 {
  home: number;
  draw: number;
  away: number;
}

/** The three outcomes in a fixed order, used wherever probabilities become arrays. */
export const OUTCOMES = ['home', 'draw', 'away'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Removes the bookmaker's margin from a 1X2 book by normalising implied probabilities:
 * p_i = (1/odds_i) / Σ_j (1/odds_j). This is the "basic" method the data README's reference figures use.
 *
 * @param prices - decimal prices, each above 1
 * @returns probabilities summing to 1
 */
export function demargin(prices: { home: number; draw: number; away: number }): Probs3 {
  const h = 1 / prices.home;
  const d = 1 / prices.draw;
  const a = 1 / prices.away;
  const sum = h + d + a;
  return { home: h / sum, draw: d / sum, away: a / sum };
}

/**
 * De-margined probability of "over 2.5 goals" from a two-sided total, or undefined when the book lacks it.
 *
 * @param over - decimal price of over 2.5
 * @param under - decimal price of under 2.5
 */
export function demarginTwoWay(over: number | undefined, under: number | undefined): number | undefined {
  if (over === undefined || under === undefined) return undefined;
  const o = 1 / over;
  const u = 1 / under;
  return o / (o + u);
}

/** The book's margin: Σ 1/odds − 1 (0.05 means the book is 5 % over-round). */
export function overround(prices: { home: number; draw: number; away: number }): number {
  return 1 / prices.home + 1 / prices.draw + 1 / prices.away - 1;
}

/** Index of the actual outcome in {@link OUTCOMES} order, from full-time goals. */
export function outcomeIndex(ftHome: number, ftAway: number): 0 | 1 | 2 {
  if (ftHome > ftAway) return 0;
  if (ftHome === ftAway) return 1;
  return 2;
}

/** {@link Probs3} as an array in {@link OUTCOMES} order. */
export function probsToArray(p: Probs3): [number, number, number] {
  return [p.home, p.draw, p.away];
}

/** An array in {@link OUTCOMES} order as {@link Probs3}. */
export function arrayToProbs(a: readonly number[]): Probs3 {
  return { home: a[0], draw: a[1], away: a[2] };
}
