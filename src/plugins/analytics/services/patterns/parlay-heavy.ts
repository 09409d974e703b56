/**
 * Heavy parlay betting: most bets being parlays, or many being long ones.
 *
 * Parlays multiply the bookmaker's margin leg by leg, so a diet of them — long ones above all — loses money fastest
 * and pays out rarely enough to invite chasing. The detector counts bets (not stakes): the share that are parlays
 * (more than one leg) and the share that are long parlays (4 legs or more). It fires when parlays are at least 60% of
 * bets, or long parlays at least 30%. The certainty is the larger of the two score-test confidences that the true
 * share is above its threshold. It is always reported as a possible harm.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { shareAboveConfidence } from './statistics/proportion-test.ts';
import type { HistoryBet } from './types.ts';

/** Share of bets that are parlays that makes heavy parlay betting. */
export const PARLAY_SHARE = 0.6;
/** A parlay with at least this many legs is long. */
export const LONG_PARLAY_LEGS = 4;
/** Share of bets that are long parlays that makes heavy parlay betting on its own. */
export const LONG_PARLAY_SHARE = 0.3;

/** Detects heavy parlay betting. */
export const detectParlayHeavy: Detector = (bets, { minBets }) => {
  const n = bets.length;
  if (n === 0) return [];
  const parlays = bets.filter(isParlay);
  const long = parlays.filter((bet) => bet.legs >= LONG_PARLAY_LEGS).length;
  const parlayShare = parlays.length / n;
  const longShare = long / n;
  if (parlayShare < PARLAY_SHARE && longShare < LONG_PARLAY_SHARE) return [];
  const averageLegs = parlays.reduce((sum, bet) => sum + bet.legs, 0) / parlays.length;
  const maxLegs = parlays.reduce((max, bet) => Math.max(max, bet.legs), 0);
  const certainty = Math.max(shareAboveConfidence(parlayShare, n, PARLAY_SHARE), shareAboveConfidence(longShare, n, LONG_PARLAY_SHARE));
  return [
    {
      type: 'parlay_heavy',
      confidence: gatedConfidence(certainty, n, minBets),
      harmful: true,
      summary:
        `${parlays.length} of your ${n} bets (${Math.round(parlayShare * 100)}%) were parlays, averaging ${averageLegs.toFixed(1)} legs; ` +
        `${long} had ${LONG_PARLAY_LEGS} legs or more.`,
      data: {
        bets: n,
        parlays: parlays.length,
        parlayShare: roundTo4(parlayShare),
        longParlays: long,
        longParlayShare: roundTo4(longShare),
        averageLegs: roundTo4(averageLegs),
        maxLegs,
        parlayThreshold: PARLAY_SHARE,
        longParlayThreshold: LONG_PARLAY_SHARE,
      },
    },
  ];
};

function isParlay(bet: HistoryBet): boolean {
  return bet.type === 'parlay' || bet.legs > 1;
}
