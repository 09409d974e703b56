/**
 * Churn: the probability that a member who still bets stops for good within the next `horizonDays` (their
 * churn day falls within them), from logistic regression on {@link CHURN_FEATURES}. Trained and
 * scored on SIMULATED communities with different seeds, where the churn day is known.
 */
import { z } from 'zod';
import { betsByMember, DAY_MS, type CommunityBet } from './community-bet.ts';
import { CHURN_FEATURES, churnFeatures, type ChurnFeature } from './churn-features.ts';
import { bestF1Threshold, rocAuc, scoresAtThreshold } from './classification-metrics.ts';
import { fitLogistic, logisticContributions, logisticModelSchema, predictLogistic } from './logistic-regression.ts';
import { simulateCommunity, type SimulatedCommunity } from './simulation.ts';

export const churnArtefactSchema = z.object({
  kind: z.literal('community-churn'),
  horizonDays: z.number().int().positive(),
  features: z.array(z.string()),
  model: logisticModelSchema,
  /** Risk at or above which a member is flagged; maximised F1 on the training simulation. */
  threshold: z.number(),
});
export type ChurnArtefact = z.infer<typeof churnArtefactSchema>;

/** A guild's bets up to a moment: what {@link churnRisk} reads. */
export interface MemberActivity {
  /** The moment to score at, epoch ms; bets placed at or after it are ignored. */
  asOf: number;
  bets: readonly CommunityBet[];
}

export interface ChurnRisk {
  memberId: string;
  /** Estimated probability of stopping for good within the next `horizonDays` days. */
  risk: number;
  flagged: boolean;
  daysSinceLastBet: number;
  /** Silent for more than 28 days: already lapsed, and rarer in training than active members. */
  lapsed: boolean;
  /** The features pushing the risk up most, in words. */
  reasons: string[];
}

const HORIZON_DAYS = 14;
const CHURN_DAYS = 168;
const CHURN_MEMBERS = 300;

/** One labelled row per member still active (truly not churned) at each cutoff day and with a bet before it. */
export function churnDataset(sim: SimulatedCommunity, cutoffDays: readonly number[], horizonDays: number) {
  const byMember = betsByMember(sim.bets);
  const rows: number[][] = [];
  const labels: boolean[] = [];
  const cutoffs: number[] = [];
  for (const cutoff of cutoffDays) {
    for (const m of sim.members) {
      if (m.churnDay !== null && m.churnDay <= cutoff) continue;
      const x = churnFeatures(byMember.get(m.id) ?? [], sim.startTime + cutoff * DAY_MS);
      if (!x) continue;
      rows.push(x);
      labels.push(m.churnDay !== null && m.churnDay <= cutoff + horizonDays);
      cutoffs.push(cutoff);
    }
  }
  return { rows, labels, cutoffs };
}

const weeklyCutoffs = (days: number, horizon: number) => {
  const out: number[] = [];
  for (let c = 42; c <= days - horizon; c += 7) out.push(c);
  return out;
};

/**
 * Fits on one simulation (seed, 300 members, 168 days, weekly cutoffs from day 42) and scores on another
 * (seed + 1000). Metrics are pooled over the held-out cutoffs, plus the last cutoff alone and the AUC of
 * "days since last bet" by itself as a baseline.
 */
export async function trainChurn(opts: {
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ artefact: ChurnArtefact; metrics: Record<string, number> }> {
  const cutoffs = weeklyCutoffs(CHURN_DAYS, HORIZON_DAYS);
  const train = churnDataset(simulateCommunity({ seed: opts.seed, members: CHURN_MEMBERS, days: CHURN_DAYS }), cutoffs, HORIZON_DAYS);
  opts.onProgress?.(1, 3);
  const model = fitLogistic(train.rows, train.labels);
  const threshold = bestF1Threshold(train.rows.map((x) => predictLogistic(model, x)), train.labels);
  opts.onProgress?.(2, 3);

  const test = churnDataset(simulateCommunity({ seed: opts.seed + 1000, members: CHURN_MEMBERS, days: CHURN_DAYS }), cutoffs, HORIZON_DAYS);
  const scores = test.rows.map((x) => predictLogistic(model, x));
  const at = scoresAtThreshold(scores, test.labels, threshold);
  const last = cutoffs[cutoffs.length - 1];
  const lastIdx = test.cutoffs.flatMap((c, i) => (c === last ? [i] : []));
  const daysSinceIdx = CHURN_FEATURES.indexOf('logDaysSinceLastBet');
  opts.onProgress?.(3, 3);

  return {
    artefact: { kind: 'community-churn', horizonDays: HORIZON_DAYS, features: [...CHURN_FEATURES], model, threshold },
    metrics: {
      horizon_days: HORIZON_DAYS,
      test_rows: test.rows.length,
      test_positives: test.labels.filter(Boolean).length,
      auc: rocAuc(scores, test.labels),
      precision: at.precision,
      recall: at.recall,
      threshold,
      auc_last_cutoff: rocAuc(lastIdx.map((i) => scores[i]), lastIdx.map((i) => test.labels[i])),
      auc_days_since_last_bet_only: rocAuc(test.rows.map((x) => x[daysSinceIdx]), test.labels),
      train_auc: rocAuc(train.rows.map((x) => predictLogistic(model, x)), train.labels),
    },
  };
}

const REASONS: Partial<Record<ChurnFeature, (x: number) => string>> = {
  logDaysSinceLastBet: (x) => `no bet for ${Math.round(Math.expm1(x))} days`,
  logBetsLast7d: (x) => `${Math.round(Math.expm1(x))} bets in the last 7 days`,
  logBetsLast28d: (x) => `${Math.round(Math.expm1(x))} bets in the last 28 days`,
  logRecentVsUsualRate: () => 'betting less than usual this week',
  weeklyCountTrend: () => 'weekly bets falling',
  stakeTrend: (x) => `stakes ${x < 0 ? 'shrinking' : 'growing'} (${Math.round((Math.exp(x) - 1) * 100)}% vs before)`,
  logCurrentLossRun: (x) => `${Math.round(Math.expm1(x))} losses in a row`,
  recentRoi: (x) => `recent ROI ${Math.round(x * 100)}%`,
  activeDayShare28d: (x) => `active on ${Math.round(x * 28)} of the last 28 days`,
};

/**
 * Scores every member with a bet before `activity.asOf` — real guild data, no labels needed.
 *
 * @returns members sorted by risk, highest first
 */
export function churnRisk(artefact: ChurnArtefact, activity: MemberActivity): ChurnRisk[] {
  const a = churnArtefactSchema.parse(artefact);
  const out: ChurnRisk[] = [];
  for (const [memberId, bets] of betsByMember(activity.bets)) {
    const x = churnFeatures(bets, activity.asOf);
    if (!x) continue;
    const risk = predictLogistic(a.model, x);
    const contributions = logisticContributions(a.model, x);
    const reasons = contributions
      .map((c, j) => ({ c, j }))
      .filter(({ c, j }) => c > 0.25 && REASONS[CHURN_FEATURES[j]])
      .sort((p, q) => q.c - p.c)
      .slice(0, 2)
      .map(({ j }) => (REASONS[CHURN_FEATURES[j]] as (v: number) => string)(x[j]));
    const daysSinceLastBet = Math.expm1(x[0]);
    out.push({ memberId, risk, flagged: risk >= a.threshold, daysSinceLastBet, lapsed: daysSinceLastBet > 28, reasons });
  }
  return out.sort((p, q) => q.risk - p.risk);
}
