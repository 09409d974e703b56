/**
 * A member's betting style over all their bets, for segmentation: how much, how big, at what prices, how
 * often in parlays, across how many sports, and how weekend-bound.
 */
import { betsByMember, DAY_MS, type CommunityBet } from './community-bet.ts';

export const SEGMENT_FEATURES = [
  'logBetsPerDay',
  'logMedianStake',
  'stakeSpread',
  'logMedianOdds',
  'parlayShare',
  'sports',
  'weekendShare',
] as const;
export type SegmentFeature = (typeof SEGMENT_FEATURES)[number];

/** One member's style features, in {@link SEGMENT_FEATURES} order. */
export interface MemberFeatures {
  memberId: string;
  bets: number;
  values: number[];
}

/** Members with fewer bets than this get no features: their style is not yet visible. */
export const MIN_BETS_FOR_STYLE = 5;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Features of every member with at least {@link MIN_BETS_FOR_STYLE} bets.
 * Bets per day is over the member's own span (first to last bet, at least 7 days), so a late joiner is not
 * mistaken for a light bettor. Odds are of straight bets (a parlay's price says more about legs than taste);
 * log 2 when a member has none.
 */
export function memberFeatures(bets: readonly CommunityBet[]): MemberFeatures[] {
  const out: MemberFeatures[] = [];
  for (const [memberId, list] of betsByMember(bets)) {
    if (list.length < MIN_BETS_FOR_STYLE) continue;
    const spanDays = Math.max(7, (list[list.length - 1].placedAt - list[0].placedAt) / DAY_MS);
    const logStakes = list.map((b) => Math.log(Math.max(b.units, 0.01)));
    const meanLogStake = logStakes.reduce((a, b) => a + b, 0) / logStakes.length;
    const straights = list.filter((b) => b.type !== 'parlay');
    const weekend = list.filter((b) => {
      const day = new Date(b.placedAt).getUTCDay();
      return day === 0 || day === 6;
    }).length;
    out.push({
      memberId,
      bets: list.length,
      values: [
        Math.log(list.length / spanDays),
        median(logStakes),
        Math.sqrt(logStakes.reduce((s, v) => s + (v - meanLogStake) ** 2, 0) / logStakes.length),
        straights.length > 0 ? median(straights.map((b) => Math.log(b.decimal))) : Math.log(2),
        1 - straights.length / list.length,
        new Set(list.map((b) => b.sport ?? 'unknown')).size,
        weekend / list.length,
      ],
    });
  }
  return out;
}
