/**
 * Anomalies injected into the SIMULATED community, with their labels. Each member independently, in member
 * order, after all bets exist (so injection never changes how many bets there are):
 * - impossible win streak, probability 0.03 if the member has ≥ 40 bets: 15 consecutive bets of theirs become
 *   straight bets at U(2.0, 3.2) that all won — P ≤ 0.5^15 ≈ 3·10⁻⁵ for an honest bettor;
 * - posted after kick-off, probability 0.04 if ≥ 10 bets: 3 straight bets get a kick-off U(2, 90) min before
 *   placedAt, and win with probability 0.85 (someone who saw the start);
 * - stake spike, probability 0.05 if ≥ 20 bets: U{1..3} bets get a stake of the member's median × U(10, 30).
 * A bet carries at most one injected anomaly.
 */
import { SPORT_TEAMS } from './archetypes.ts';
import type { CommunityBet } from './community-bet.ts';
import { bernoulli, pick, sample, uniform, uniformInt, type Uniform } from './sampling.ts';
import type { SimulatedMember } from './simulation.ts';

export type BetAnomalyKind = 'after_kickoff' | 'stake_spike';

/** A labelled injected anomaly: on single bets, or a streak spanning several. */
export type AnomalyLabel =
  | { kind: BetAnomalyKind; memberId: string; betId: number }
  | { kind: 'win_streak'; memberId: string; betIds: number[] };

export const STREAK_LENGTH = 15;

const round2 = (v: number) => Math.round(v * 100) / 100;
const wonNet = (units: number, decimal: number) => Math.round(units * (decimal - 1) * 1e4) / 1e4;

/**
 * Rewrites some of `bets` in place and returns the labels. `bets` must be sorted oldest first.
 */
export function injectAnomalies(rand: Uniform, members: readonly SimulatedMember[], bets: CommunityBet[]): AnomalyLabel[] {
  const byMember = new Map<string, CommunityBet[]>();
  for (const b of bets) {
    const list = byMember.get(b.memberId);
    if (list) list.push(b);
    else byMember.set(b.memberId, [b]);
  }
  const labels: AnomalyLabel[] = [];
  for (const m of members) {
    const list = byMember.get(m.id) ?? [];
    const used = new Set<number>();

    if (list.length >= 40 && bernoulli(rand, 0.03)) {
      const start = uniformInt(rand, 0, list.length - STREAK_LENGTH);
      const block = list.slice(start, start + STREAK_LENGTH);
      for (const b of block) {
        b.type = 'game_line';
        b.decimal = round2(uniform(rand, 2.0, 3.2));
        b.result = 'won';
        b.net = wonNet(b.units, b.decimal);
        b.team ??= pick(rand, SPORT_TEAMS[b.sport ?? m.sports[0]]);
        used.add(b.id);
      }
      labels.push({ kind: 'win_streak', memberId: m.id, betIds: block.map((b) => b.id) });
    }

    if (list.length >= 10 && bernoulli(rand, 0.04)) {
      const candidates = list.filter((b) => b.type === 'game_line' && !used.has(b.id));
      for (const b of sample(rand, candidates, 3)) {
        b.startTime = b.placedAt - Math.round(uniform(rand, 2, 90) * 60_000);
        b.result = bernoulli(rand, 0.85) ? 'won' : 'lost';
        b.net = b.result === 'won' ? wonNet(b.units, b.decimal) : -b.units;
        used.add(b.id);
        labels.push({ kind: 'after_kickoff', memberId: m.id, betId: b.id });
      }
    }

    if (list.length >= 20 && bernoulli(rand, 0.05)) {
      const candidates = list.filter((b) => !used.has(b.id));
      for (const b of sample(rand, candidates, uniformInt(rand, 1, 3))) {
        b.units = Math.round(m.stakeMedian * uniform(rand, 10, 30) * 10) / 10;
        b.net = b.result === 'won' ? wonNet(b.units, b.decimal) : b.result === 'lost' ? -b.units : 0;
        used.add(b.id);
        labels.push({ kind: 'stake_spike', memberId: m.id, betId: b.id });
      }
    }
  }
  return labels;
}
