/**
 * Concentration: most of the member's money going on one sport, or on one team.
 *
 * Measured on stakes, not bet counts, because where the money goes is what matters. Only bets whose sport (or team)
 * is known count. The statistic is the top sport's (team's) share of those stakes; the Herfindahl index
 * (sum of squared shares) is reported beside it as evidence of how spread the rest is.
 *
 * Thresholds: a sport is a concentration at 75% of stakes (many members follow one or two sports, so the bar is
 * high); a team at 35% (with thirty-odd teams in a league, an even spread gives each a few percent, so a third of
 * the money on one team is a fan's lean). The certainty is the score-test confidence that the true share is above
 * the threshold, with the sample taken as the effective number of bets `(Σ stake)² / Σ stake²`, so a couple of
 * big stakes do not count as many bets.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { effectiveSampleSize, shareAboveConfidence } from './statistics/proportion-test.ts';
import type { DetectedPattern, HistoryBet, PatternType } from './types.ts';

/** Share of stakes on one sport that makes a concentration. */
export const SPORT_SHARE = 0.75;
/** Share of stakes on one team that makes a concentration. */
export const TEAM_SHARE = 0.35;

interface Dimension {
  type: Extract<PatternType, 'sport_concentration' | 'team_concentration'>;
  threshold: number;
  key: (bet: HistoryBet) => string | null;
}

const DIMENSIONS: readonly Dimension[] = [
  { type: 'sport_concentration', threshold: SPORT_SHARE, key: (bet) => bet.sport },
  { type: 'team_concentration', threshold: TEAM_SHARE, key: (bet) => bet.team },
];

/** Stakes per key, biggest first (ties by code-unit order of the name, so the answer does not depend on the locale). */
export function stakesByKey(bets: readonly HistoryBet[], key: (bet: HistoryBet) => string | null): [string, number][] {
  const totals = new Map<string, number>();
  for (const bet of bets) {
    const k = key(bet);
    if (k === null || k.trim() === '') continue;
    totals.set(k, (totals.get(k) ?? 0) + bet.units);
  }
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Detects a concentration of stakes on one sport or one team. */
export const detectConcentration: Detector = (bets, { minBets }) => {
  const found: DetectedPattern[] = [];
  for (const dimension of DIMENSIONS) {
    const known = bets.filter((bet) => {
      const k = dimension.key(bet);
      return k !== null && k.trim() !== '' && bet.units > 0;
    });
    const totals = stakesByKey(known, dimension.key);
    const staked = totals.reduce((sum, [, units]) => sum + units, 0);
    if (totals.length === 0 || staked <= 0) continue;
    const [top, topUnits] = totals[0];
    const share = topUnits / staked;
    if (share < dimension.threshold) continue;
    const herfindahl = totals.reduce((sum, [, units]) => sum + (units / staked) ** 2, 0);
    const effectiveBets = effectiveSampleSize(known.map((bet) => bet.units));
    found.push({
      type: dimension.type,
      confidence: gatedConfidence(shareAboveConfidence(share, effectiveBets, dimension.threshold), known.length, minBets),
      harmful: false,
      summary: `${Math.round(share * 100)}% of your stakes went on ${top} (${roundTo4(topUnits)} of ${roundTo4(staked)} units).`,
      data: {
        top,
        topShare: roundTo4(share),
        herfindahl: roundTo4(herfindahl),
        bets: known.length,
        effectiveBets: roundTo4(effectiveBets),
        distinct: totals.length,
        threshold: dimension.threshold,
      },
    });
  }
  return found;
};
