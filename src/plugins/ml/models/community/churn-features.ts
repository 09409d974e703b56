/**
 * What the churn model knows about a member at a cutoff: only bets placed before it. Counts are log-scaled so
 * a grinder's 30 bets a week and a casual's 3 sit on comparable scales.
 */
import { DAY_MS, type CommunityBet } from './community-bet.ts';

export const CHURN_FEATURES = [
  'logDaysSinceLastBet',
  'logBetsLast7d',
  'logBetsLast28d',
  'logRecentVsUsualRate',
  'weeklyCountTrend',
  'stakeTrend',
  'logCurrentLossRun',
  'recentRoi',
  'logTenureDays',
  'activeDayShare28d',
  'logLifetimeBetsPerDay',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

/** Least-squares slope of ys against 0, 1, 2, …. */
function slope(ys: readonly number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

const meanLog = (bets: readonly CommunityBet[]) =>
  bets.reduce((s, b) => s + Math.log(Math.max(b.units, 0.01)), 0) / bets.length;

/**
 * The feature vector (in {@link CHURN_FEATURES} order) of one member at `asOf`, or null when the member had
 * placed no bet before it.
 *
 * @param bets - the member's bets, any order; only those placed before `asOf` are read
 */
export function churnFeatures(bets: readonly CommunityBet[], asOf: number): number[] | null {
  const past = bets.filter((b) => b.placedAt < asOf).sort((a, b) => a.placedAt - b.placedAt);
  if (past.length === 0) return null;
  const ageDays = (b: CommunityBet) => (asOf - b.placedAt) / DAY_MS;
  const within = (lo: number, hi: number) => past.filter((b) => ageDays(b) >= lo && ageDays(b) < hi);

  const daysSinceLast = ageDays(past[past.length - 1]);
  const tenure = ageDays(past[0]);
  const last7 = within(0, 7).length;
  const last28 = within(0, 28);
  const lifetimeRate = past.length / Math.max(tenure, 1);
  const weekly = [3, 2, 1, 0].map((w) => within(7 * w, 7 * (w + 1)).length);
  const weeklyMean = weekly.reduce((a, b) => a + b, 0) / 4;

  const recentStakes = within(0, 14);
  const earlierStakes = within(14, 56);
  const stakeTrend = recentStakes.length > 0 && earlierStakes.length > 0 ? meanLog(recentStakes) - meanLog(earlierStakes) : 0;

  let lossRun = 0;
  for (let i = past.length - 1; i >= 0; i -= 1) {
    const r = past[i].result;
    if (r === 'lost') lossRun += 1;
    else if (r === 'won') break;
  }
  const risked = recentStakes.reduce((s, b) => s + b.units, 0);
  const recentNet = recentStakes.reduce((s, b) => s + (b.net ?? 0), 0);
  const activeDays = new Set(last28.map((b) => Math.floor(ageDays(b)))).size;

  return [
    Math.log1p(daysSinceLast),
    Math.log1p(last7),
    Math.log1p(last28.length),
    Math.log((last7 + 1) / (Math.min(lifetimeRate, 50) * 7 + 1)),
    slope(weekly) / (weeklyMean + 1),
    stakeTrend,
    Math.log1p(lossRun),
    recentNet / (risked + 1),
    Math.log1p(tenure),
    activeDays / 28,
    Math.log(lifetimeRate + 0.01),
  ];
}
