/**
 * Bursts: many bets fired off within minutes, and how often that happens.
 *
 * A burst is 5 or more bets placed within 10 minutes of the burst's first bet; after a burst, counting starts again
 * from the next bet, so a 12-bet spree over 20 minutes is two bursts. Rapid-fire betting leaves no time to weigh a
 * bet and is a common sign of betting on impulse. One burst proves little (a member may enter a weekend's card in
 * one go), so the statistic is how often it happens: the share of the member's betting days (local dates with a bet)
 * that had a burst. It fires with at least 2 bursts on at least a quarter of betting days; the certainty is the
 * score-test confidence that the true share of burst days is above a quarter.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { shareAboveConfidence } from './statistics/proportion-test.ts';

/** Bets that make a burst. */
export const BURST_BETS = 5;
/** Minutes a burst fits in. */
export const BURST_MINUTES = 10;
/** Fewer bursts than this are not a pattern. */
export const MIN_BURSTS = 2;
/** Share of betting days with a burst that makes a pattern. */
export const BURST_DAY_SHARE = 0.25;

/** One burst: when it started and how many bets it held. */
export interface Burst {
  startedAt: number;
  bets: number;
}

/** The bursts in `placedAt` times sorted oldest first. */
export function findBursts(placedAt: readonly number[]): Burst[] {
  const span = BURST_MINUTES * 60_000;
  const bursts: Burst[] = [];
  let i = 0;
  while (i < placedAt.length) {
    let j = i;
    while (j + 1 < placedAt.length && placedAt[j + 1] - placedAt[i] <= span) j++;
    const size = j - i + 1;
    if (size >= BURST_BETS) {
      bursts.push({ startedAt: placedAt[i], bets: size });
      i = j + 1;
    } else {
      i++;
    }
  }
  return bursts;
}

/** Detects frequent bursts. */
export const detectBursts: Detector = (bets, { clock, minBets }) => {
  const bursts = findBursts(bets.map((bet) => bet.placedAt));
  if (bursts.length < MIN_BURSTS) return [];
  const activeDays = new Set(bets.map((bet) => clock.at(bet.placedAt).day)).size;
  const burstDays = new Set(bursts.map((burst) => clock.at(burst.startedAt).day)).size;
  const share = burstDays / activeDays;
  if (share < BURST_DAY_SHARE) return [];
  const largest = bursts.reduce((max, burst) => Math.max(max, burst.bets), 0);
  return [
    {
      type: 'burst',
      confidence: gatedConfidence(shareAboveConfidence(share, activeDays, BURST_DAY_SHARE), bets.length, minBets),
      harmful: true,
      summary:
        `On ${burstDays} of your ${activeDays} betting days you placed ${BURST_BETS} or more bets within ${BURST_MINUTES} minutes ` +
        `(${bursts.length} times in all, up to ${largest} bets at once).`,
      data: {
        bursts: bursts.length,
        burstDays,
        activeDays,
        burstDayShare: roundTo4(share),
        largestBurst: largest,
        burstBets: BURST_BETS,
        burstMinutes: BURST_MINUTES,
        threshold: BURST_DAY_SHARE,
      },
    },
  ];
};
