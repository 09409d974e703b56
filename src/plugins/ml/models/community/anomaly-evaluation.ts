/**
 * Scores the anomaly detectors against the anomalies injected into SIMULATED communities. Nothing is fitted:
 * the thresholds are fixed in advance, so "training" is evaluation and the artefact is the thresholds.
 */
import { anomalyThresholdsSchema, scoreAnomalies, type AnomalyThresholds } from './anomalies.ts';
import { rocAuc, scoresAtThreshold } from './classification-metrics.ts';
import { simulateCommunity } from './simulation.ts';

export interface AnomaliesArtefact {
  kind: 'community-anomalies';
  thresholds: AnomalyThresholds;
}

/**
 * Precision, recall and AUC per detector, pooled over three simulations (seeds seed+2000, seed+12000,
 * seed+22000 — apart, so nearby seeds never share a simulation; 300 members, 120 days each).
 */
export async function trainAnomalies(opts: {
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ artefact: AnomaliesArtefact; metrics: Record<string, number> }> {
  const thresholds = anomalyThresholdsSchema.parse({});
  const pooled = {
    after_kickoff: { scores: [] as number[], flags: [] as boolean[], labels: [] as boolean[] },
    stake_spike: { scores: [] as number[], flags: [] as boolean[], labels: [] as boolean[] },
    win_streak: { scores: [] as number[], flags: [] as boolean[], labels: [] as boolean[] },
  };
  const runs = 3;
  for (let k = 0; k < runs; k += 1) {
    const sim = simulateCommunity({ seed: opts.seed + 2000 + 10_000 * k, members: 300, days: 120 });
    const scores = scoreAnomalies(sim.bets, thresholds);
    const lateIds = new Set<number>();
    const spikeIds = new Set<number>();
    const streakMembers = new Set<string>();
    for (const a of sim.labels.anomalies) {
      if (a.kind === 'after_kickoff') lateIds.add(a.betId);
      else if (a.kind === 'stake_spike') spikeIds.add(a.betId);
      else streakMembers.add(a.memberId);
    }
    // Every bet gets an after-kick-off score (0 when on time), so the AUC is over all bets.
    const late = new Map(scores.bets.filter((s) => s.kind === 'after_kickoff').map((s) => [s.betId, s.score]));
    for (const b of sim.bets) {
      const s = late.get(b.id) ?? 0;
      pooled.after_kickoff.scores.push(s);
      pooled.after_kickoff.flags.push(s > 0);
      pooled.after_kickoff.labels.push(lateIds.has(b.id));
    }
    const spikes = new Map(scores.bets.filter((s) => s.kind === 'stake_spike').map((s) => [s.betId, s]));
    for (const b of sim.bets) {
      const s = spikes.get(b.id);
      pooled.stake_spike.scores.push(s ? s.score : 0);
      pooled.stake_spike.flags.push(s?.flagged ?? false);
      pooled.stake_spike.labels.push(spikeIds.has(b.id));
    }
    for (const m of scores.members) {
      pooled.win_streak.scores.push(m.score);
      pooled.win_streak.flags.push(m.flagged);
      pooled.win_streak.labels.push(streakMembers.has(m.memberId));
    }
    opts.onProgress?.(k + 1, runs);
  }
  const metrics: Record<string, number> = {};
  for (const [kind, p] of Object.entries(pooled)) {
    // Flags are booleans: precision/recall at "flagged" is the threshold 1 on a 0/1 score.
    const at = scoresAtThreshold(p.flags.map(Number), p.labels, 1);
    metrics[`${kind}_positives`] = p.labels.filter(Boolean).length;
    metrics[`${kind}_items`] = p.labels.length;
    metrics[`${kind}_auc`] = rocAuc(p.scores, p.labels);
    metrics[`${kind}_precision`] = at.precision;
    metrics[`${kind}_recall`] = at.recall;
  }
  return { artefact: { kind: 'community-anomalies', thresholds }, metrics };
}
