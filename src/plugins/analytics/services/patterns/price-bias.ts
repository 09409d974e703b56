/**
 * Favourite and underdog bias: a member who nearly always backs short prices, or nearly always long ones.
 *
 * Only straight bets count (a parlay's price is a product of legs and says nothing about the side picked).
 * A favourite is a price under 1.80, an underdog a price over 3.00. Picking without regard to price across the
 * closing prices of the 2022-23 Premier League file in this repository (home/draw/away, over/under 2.5, both teams
 * to score: 2,660 prices) gives 25% favourites and 27% underdogs; picking only home/draw/away gives 15% and 61%.
 * Because the market mix moves those shares a lot, the bar is set well above them: a bias is a share of at least
 * 60%. The certainty is the score-test confidence that the member's true share is above 60%
 * (`shareAboveConfidence`, the test behind the Wilson interval), so it grows with both the share and the number of bets.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { shareAboveConfidence, wilsonLowerBound } from './statistics/proportion-test.ts';
import type { DetectedPattern, HistoryBet, PatternType } from './types.ts';

/** Prices below this are favourites. */
export const FAVOURITE_BELOW = 1.8;
/** Prices above this are underdogs. */
export const UNDERDOG_ABOVE = 3.0;
/** A bias is at least this share of straight bets on one side. */
export const BIAS_SHARE = 0.6;

interface Side {
  type: Extract<PatternType, 'favourite_bias' | 'underdog_bias'>;
  label: string;
  priceRule: string;
  matches: (decimal: number) => boolean;
}

const SIDES: readonly Side[] = [
  { type: 'favourite_bias', label: 'favourites', priceRule: `price under ${FAVOURITE_BELOW.toFixed(2)}`, matches: (d) => d < FAVOURITE_BELOW },
  { type: 'underdog_bias', label: 'underdogs', priceRule: `price over ${UNDERDOG_ABOVE.toFixed(2)}`, matches: (d) => d > UNDERDOG_ABOVE },
];

/** Detects a favourite or an underdog bias among straight bets. */
export const detectPriceBias: Detector = (bets, { minBets }) => {
  const straight = bets.filter(isStraight);
  const n = straight.length;
  if (n === 0) return [];
  const found: DetectedPattern[] = [];
  for (const side of SIDES) {
    const picked = straight.filter((bet) => side.matches(bet.decimal));
    const share = picked.length / n;
    if (share < BIAS_SHARE) continue;
    const averagePrice = picked.reduce((sum, bet) => sum + bet.decimal, 0) / picked.length;
    found.push({
      type: side.type,
      confidence: gatedConfidence(shareAboveConfidence(share, n, BIAS_SHARE), n, minBets),
      harmful: false,
      summary: `${picked.length} of your ${n} straight bets (${Math.round(share * 100)}%) were on ${side.label} (${side.priceRule}).`,
      data: {
        straightBets: n,
        matching: picked.length,
        share: roundTo4(share),
        wilsonLower95: roundTo4(wilsonLowerBound(share, n)),
        threshold: BIAS_SHARE,
        averagePrice: roundTo4(averagePrice),
      },
    });
  }
  return found;
};

function isStraight(bet: HistoryBet): boolean {
  return bet.type !== 'parlay' && bet.legs === 1;
}
