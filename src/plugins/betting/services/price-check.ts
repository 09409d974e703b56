import { Refusal } from 'dbsbm';
import { formatOdds, impliedProbability, type OddsFormat } from './odds.ts';

/** What the server allows of a stated price (its betting settings). */
export interface PricePolicy {
  /** Largest distance from the market allowed, in implied-probability percentage points. */
  priceTolerance: number;
  /** Store a price outside the tolerance as an unverified bet instead of refusing it. */
  allowUnverifiedPrices: boolean;
  oddsFormat: OddsFormat;
}

/**
 * Distance between two prices in implied-probability percentage points: |1/a − 1/b| × 100. A price of +99999
 * against a market of 2.10 is 47.5 points away; -110 against -105 is 0.9.
 */
export function priceDistance(decimal: number, marketDecimal: number): number {
  return Math.abs(impliedProbability(decimal) - impliedProbability(marketDecimal)) * 100;
}

/**
 * Decides whether a member's stated price on a game line counts: within the server's tolerance of the market's
 * current price it is verified; outside it (or with no market price to check against) it is refused with
 * PRICE_OFF_MARKET, saying what the market is, unless the server allows unverified bets, which then never count in
 * records. Nothing is stored by a refusal: this runs before the placing transaction.
 * @returns `verified`: whether the bet counts in records.
 */
export function checkStatedPrice(stated: { decimal: number; reading: string }, marketDecimal: number | null, policy: PricePolicy): { verified: boolean } {
  if (marketDecimal !== null && priceDistance(stated.decimal, marketDecimal) <= policy.priceTolerance + 1e-9) return { verified: true };
  if (policy.allowUnverifiedPrices) return { verified: false };
  const shown = formatOdds(stated.decimal, policy.oddsFormat);
  if (marketDecimal === null) {
    throw new Refusal('PRICE_OFF_MARKET', `There is no market price for that pick to check your ${shown} (read as ${stated.reading}) against, so it cannot be recorded.`, {
      next: 'Wait until the pick is priced, then bet at the market price (leave the odds out).',
    });
  }
  const market = formatOdds(marketDecimal, policy.oddsFormat);
  const distance = priceDistance(stated.decimal, marketDecimal);
  throw new Refusal(
    'PRICE_OFF_MARKET',
    `The market price is ${market}; your ${shown} (read as ${stated.reading}) is ${distance.toFixed(1)} points of implied probability away, and this server allows ${policy.priceTolerance}.`,
    { next: `Leave the odds out to bet at the market's ${market}, or give your book's price if it is within ${policy.priceTolerance} points.` },
  );
}
