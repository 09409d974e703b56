/**
 * Anomaly detectors over a guild's bets: one rule and two statistical tests, each with a score (for ranking
 * and AUC) and a flag at a fixed threshold with a reason a moderator can read.
 *
 * - after kick-off: placedAt later than the game's start. Certain when the clocks are right; the bot refuses
 *   such bets, so one that exists points to a bug, an import or a manual edit.
 * - win streak: for each run of consecutive wins (pushes and voids neither break nor extend it), the chance of
 *   that run at the prices taken, Π 1/decimal — the bookmaker's implied probabilities, which include the margin
 *   and so overstate an honest bettor's chances: the test errs towards not flagging. Multiplied by the member's
 *   number of settled bets (a Bonferroni-style allowance for the many places a run could start); flagged below
 *   0.01.
 * - stake spike: robust z-score of log stake against the member's median and MAD (× 1.4826, floored at 0.05
 *   so a member who always stakes 1 u is not infinitely surprised by 1.1 u); flagged at z ≥ 3.5 and at least 5×
 *   the median stake, from 10 bets on.
 */
import { z } from 'zod';
import { betsByMember, type CommunityBet } from './community-bet.ts';

export const anomalyThresholdsSchema = z.object({
  streakMaxAdjustedProbability: z.number().positive().default(0.01),
  streakMinLength: z.number().int().min(2).default(5),
  stakeMinRobustZ: z.number().positive().default(3.5),
  stakeMinRatio: z.number().positive().default(5),
  stakeMinBets: z.number().int().min(3).default(10),
});
export type AnomalyThresholds = z.infer<typeof anomalyThresholdsSchema>;

export interface BetAnomaly {
  betId: number;
  memberId: string;
  kind: 'after_kickoff' | 'stake_spike';
  /** after_kickoff: minutes after kick-off; stake_spike: robust z. Higher is more anomalous. */
  score: number;
  flagged: boolean;
  reason: string;
}

export interface MemberAnomaly {
  memberId: string;
  kind: 'win_streak';
  /** −log10 of the adjusted probability of the member's least likely win run. */
  score: number;
  flagged: boolean;
  reason: string;
  betIds: number[];
}

/** Every score the detectors compute (flagged or not), for evaluation; {@link detectAnomalies} keeps the flags. */
export interface AnomalyScores {
  bets: BetAnomaly[];
  members: MemberAnomaly[];
}

const MINUTE = 60_000;

function afterKickoff(bet: CommunityBet): BetAnomaly | null {
  if (bet.startTime === null || bet.placedAt <= bet.startTime) return null;
  const minutes = (bet.placedAt - bet.startTime) / MINUTE;
  return {
    betId: bet.id, memberId: bet.memberId, kind: 'after_kickoff', score: minutes, flagged: true,
    reason: `placed ${Math.max(1, Math.round(minutes))} min after kick-off`,
  };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function stakeSpikes(bets: readonly CommunityBet[], t: AnomalyThresholds): BetAnomaly[] {
  if (bets.length < t.stakeMinBets) return [];
  const logs = bets.map((b) => Math.log(Math.max(b.units, 0.01)));
  const med = median(logs);
  const scale = Math.max(1.4826 * median(logs.map((v) => Math.abs(v - med))), 0.05);
  const medianStake = Math.exp(med);
  return bets.map((b, i) => {
    const zScore = (logs[i] - med) / scale;
    const ratio = b.units / medianStake;
    return {
      betId: b.id, memberId: b.memberId, kind: 'stake_spike', score: zScore,
      flagged: zScore >= t.stakeMinRobustZ && ratio >= t.stakeMinRatio,
      reason: `${b.units}u is ${ratio.toFixed(1)}× this member's median stake of ${medianStake.toFixed(2)}u (robust z ${zScore.toFixed(1)})`,
    };
  });
}

const oneIn = (p: number) => (p > 0 ? `1 in ${Math.round(1 / p).toLocaleString('en-GB')}` : 'practically 0');

function winStreak(bets: readonly CommunityBet[], t: AnomalyThresholds): MemberAnomaly | null {
  const settled = bets.filter((b) => b.result === 'won' || b.result === 'lost');
  if (settled.length === 0) return null;
  let best: { log10p: number; run: CommunityBet[] } = { log10p: 0, run: [] };
  let run: CommunityBet[] = [];
  let log10p = 0;
  const close = () => {
    if (run.length >= t.streakMinLength && log10p < best.log10p) best = { log10p, run };
    run = [];
    log10p = 0;
  };
  for (const b of settled) {
    if (b.result === 'won') {
      run = [...run, b];
      log10p -= Math.log10(b.decimal);
    } else close();
  }
  close();
  const adjustedLog10 = Math.min(0, best.log10p + Math.log10(settled.length));
  const adjusted = 10 ** adjustedLog10;
  const meanOdds = best.run.length > 0 ? best.run.reduce((s, b) => s + b.decimal, 0) / best.run.length : 0;
  return {
    memberId: settled[0].memberId, kind: 'win_streak', score: -adjustedLog10,
    flagged: best.run.length > 0 && adjusted < t.streakMaxAdjustedProbability,
    reason: best.run.length === 0
      ? `no run of ${t.streakMinLength}+ wins`
      : `${best.run.length} wins in a row at average odds ${meanOdds.toFixed(2)}: ${oneIn(10 ** best.log10p)} at the prices taken, ${oneIn(adjusted)} allowing for ${settled.length} settled bets`,
    betIds: best.run.map((b) => b.id),
  };
}

/** Scores every bet and member (see the module comment for each test). */
export function scoreAnomalies(bets: readonly CommunityBet[], thresholds: Partial<AnomalyThresholds> = {}): AnomalyScores {
  const t = anomalyThresholdsSchema.parse(thresholds);
  const out: AnomalyScores = { bets: [], members: [] };
  for (const list of betsByMember(bets).values()) {
    for (const b of list) {
      const late = afterKickoff(b);
      if (late) out.bets.push(late);
    }
    out.bets.push(...stakeSpikes(list, t));
    const streak = winStreak(list, t);
    if (streak) out.members.push(streak);
  }
  return out;
}

/**
 * Flags suspicious bets and members in a real guild's bets: only what crosses a threshold, most anomalous
 * first within each kind.
 *
 * @example
 * const { bets, members } = detectAnomalies(guildBets);
 * bets[0]?.reason; // "placed 23 min after kick-off"
 */
export function detectAnomalies(bets: readonly CommunityBet[], thresholds: Partial<AnomalyThresholds> = {}): AnomalyScores {
  const all = scoreAnomalies(bets, thresholds);
  const kindOrder = (a: BetAnomaly) => (a.kind === 'after_kickoff' ? 0 : 1);
  return {
    bets: all.bets.filter((a) => a.flagged).sort((a, b) => kindOrder(a) - kindOrder(b) || b.score - a.score),
    members: all.members.filter((a) => a.flagged).sort((a, b) => b.score - a.score),
  };
}
