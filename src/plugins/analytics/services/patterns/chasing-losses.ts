/**
 * Chasing losses: raising the stake right after losing, to win it back.
 *
 * Every bet after the first is a reaction to the news that arrived since the member's previous bet — the won and
 * lost bets that settled after the previous bet was placed and no later than this one. A loss settling after the
 * next bet was placed could not have been seen, so it is not counted for that bet. When the news adds up to a loss
 * the bet is "post-loss"; otherwise (a win, or no news) it is "other". A bet "raises" when its stake is at least
 * 1.5× the previous bet's.
 *
 * Chasing shows as raises being much more common after losses than otherwise. Fisher's exact test on the 2×2 table
 * (post-loss / other × raised / not) gives the chance of a split at least that lopsided if losses made no
 * difference; the certainty is one minus that p-value. Comparing with the member's own other bets keeps a member
 * who simply varies stakes a lot, or grows them steadily, from looking like a chaser.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { fisherExactGreater } from './statistics/fisher-exact.ts';
import type { DetectedPattern, HistoryBet } from './types.ts';

/** A stake at least this multiple of the previous one is a raise. */
export const RAISE_FACTOR = 1.5;
/** Fewer post-loss bets than this are too few to speak of a habit. */
export const MIN_POST_LOSS_BETS = 3;
/** Raises must follow at least this share of losses… */
export const MIN_POST_LOSS_RAISE_SHARE = 0.5;
/** …and be this much more common after losses than after other bets. */
export const MIN_RAISE_SHARE_GAP = 0.25;

/** Counts behind the chasing test; exported for the tests and the docs. */
export interface ChasingCounts {
  postLossBets: number;
  postLossRaised: number;
  otherBets: number;
  otherRaised: number;
  /** Mean of `stake / previous stake − 1` over the raised post-loss bets; 0 when there are none. */
  averageRaise: number;
}

/** Tallies post-loss and other bets and their raises; `bets` oldest first. */
export function countChasing(bets: readonly HistoryBet[]): ChasingCounts {
  const outcomes = bets
    .filter((bet) => (bet.status === 'won' || bet.status === 'lost') && bet.settledAt !== null)
    .map((bet) => ({ settledAt: bet.settledAt as number, net: settledNet(bet) }))
    .sort((a, b) => a.settledAt - b.settledAt);
  const counts: ChasingCounts = { postLossBets: 0, postLossRaised: 0, otherBets: 0, otherRaised: 0, averageRaise: 0 };
  let raiseSum = 0;
  let next = 0;
  for (let i = 1; i < bets.length; i++) {
    const previous = bets[i - 1];
    const bet = bets[i];
    // Outcomes settled up to the previous bet were already news to it.
    while (next < outcomes.length && outcomes[next].settledAt <= previous.placedAt) next++;
    let news = 0;
    while (next < outcomes.length && outcomes[next].settledAt <= bet.placedAt) news += outcomes[next++].net;
    if (!(previous.units > 0)) continue;
    const ratio = bet.units / previous.units;
    const raised = ratio >= RAISE_FACTOR;
    if (news < 0) {
      counts.postLossBets++;
      if (raised) {
        counts.postLossRaised++;
        raiseSum += ratio - 1;
      }
    } else {
      counts.otherBets++;
      if (raised) counts.otherRaised++;
    }
  }
  counts.averageRaise = counts.postLossRaised === 0 ? 0 : raiseSum / counts.postLossRaised;
  return counts;
}

/** Detects chasing losses; see the file comment for the method. */
export const detectChasingLosses: Detector = (bets, { minBets }) => {
  const counts = countChasing(bets);
  const { postLossBets, postLossRaised, otherBets, otherRaised } = counts;
  if (postLossBets < MIN_POST_LOSS_BETS) return [];
  const lossShare = postLossRaised / postLossBets;
  const otherShare = otherBets === 0 ? 0 : otherRaised / otherBets;
  if (lossShare < MIN_POST_LOSS_RAISE_SHARE || lossShare - otherShare < MIN_RAISE_SHARE_GAP) return [];

  const pValue = fisherExactGreater(postLossRaised, postLossBets - postLossRaised, otherRaised, otherBets - otherRaised);
  const average = Math.round(counts.averageRaise * 100);
  const pattern: DetectedPattern = {
    type: 'chasing_losses',
    confidence: gatedConfidence(1 - pValue, postLossBets + otherBets, minBets),
    harmful: true,
    summary:
      `Your stake rose after ${postLossRaised} of your ${postLossBets} losses (avg +${average}%), ` +
      `against ${otherRaised} of your ${otherBets} other bets.`,
    data: {
      postLossBets,
      postLossRaised,
      postLossRaiseShare: roundTo4(lossShare),
      otherBets,
      otherRaised,
      otherRaiseShare: roundTo4(otherShare),
      averageRaise: roundTo4(counts.averageRaise),
      raiseFactor: RAISE_FACTOR,
      pValue: roundTo4(pValue),
    },
  };
  return [pattern];
};

/** Net units of a won or lost bet; worked out from the price when the row has no net yet. */
function settledNet(bet: HistoryBet): number {
  if (bet.net !== null) return bet.net;
  return bet.status === 'won' ? bet.units * (bet.decimal - 1) : -bet.units;
}
