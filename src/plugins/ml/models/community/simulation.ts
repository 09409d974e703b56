/**
 * SIMULATED betting community — invented data for evaluating the community models, never real members.
 *
 * Real guilds carry no labels (nobody marks who will churn or who cheated), so the models are scored on a
 * community generated here from a seed, whose hidden truth is known. Every distribution and parameter:
 *
 * Members (in order, one seeded mulberry32 stream for the whole community):
 * - archetype ~ Categorical(shares in {@link ARCHETYPE_PARAMS}: casual .40, grinder .15, high-roller .12,
 *   parlay-lover .18, tout .15);
 * - own rate = archetype betsPerDay × LogNormal(median 1, σ rateSigma); own stake median = archetype
 *   stakeMedian × LogNormal(1, 0.4); own odds median = archetype oddsMedian × LogNormal(1, 0.1); own parlay
 *   share = logistic(logit(archetype parlayShare) + 0.5·N(0, 1)) — members of one archetype differ;
 * - follows `sports` sports drawn without replacement from five; two favourite teams from the first;
 * - joins on day 0, or with probability 0.2 on a day ~ U{1 .. ⌊0.4·days⌋};
 * - churns with the archetype's churnProbability if a churn day fits: churnDay ~ U{max(join+21, ⌊0.3·days⌉) ..
 *   days−1}. Activity decays over decayLen ~ U{7..21} days before it: multiplier exp(−3·(d−decayStart)/decayLen),
 *   and stakes shrink with it (× 0.6 + 0.4·multiplier); from churnDay on the member never bets again;
 * - with probability 0.35 takes one break of U{4..14} days with no bets (churners: only before the decay), so
 *   silence alone does not mean churn.
 *
 * Bets, for each active day d: count ~ Poisson(rate × weekly(d) × activity(d)), weekly = {@link WEEKLY_PROFILE}
 * (Mon..Sun .75 .7 .85 .9 1 1.55 1.25) raised to the archetype's seasonality, mean 1. Each bet:
 * - placedAt = day start + U(9 h, 23.5 h); kick-off = placedAt + 10 min + Exp(mean 4 h);
 * - sport uniform over the member's; parlay with probability own parlay share, legs ~ U{parlayLegs}, each leg
 *   LogNormal(1.9, 0.12) clipped to [1.3, 3], price = product; a straight bet: LogNormal(own odds median, oddsSigma)
 *   clipped to [1.15, 8], team a favourite with probability 0.6, else any team of the sport;
 * - stake = LogNormal(own median × decay factor, stakeSigma), rounded to 0.1 u, at least 0.1 u;
 * - a straight bet pushes with probability 0.03, else wins with probability min(0.97, edge/decimal); a parlay
 *   wins with probability Π(edge/leg). Net = units × (decimal − 1) won, −units lost, 0 pushed.
 *
 * Injected anomalies (labelled; see simulation-anomalies.ts): late posts, impossible streaks and stake spikes.
 */
import { z } from 'zod';
import { mulberry32 } from 'dbsbm';
import { ARCHETYPE_PARAMS, ARCHETYPES, SPORT_TEAMS, weeklyMultipliers, type Archetype } from './archetypes.ts';
import { DAY_MS, type CommunityBet } from './community-bet.ts';
import { injectAnomalies, type AnomalyLabel } from './simulation-anomalies.ts';
import {
  bernoulli, exponential, logNormal, pick, poisson, sample, standardNormal, uniform, uniformInt, weightedIndex,
  type Uniform,
} from './sampling.ts';

const HOUR_MS = 3_600_000;

export const simulationOptionsSchema = z.object({
  seed: z.number().int(),
  members: z.number().int().min(1).max(5000),
  days: z.number().int().min(28).max(730),
  /** Midnight UTC of day 0, epoch ms. Defaults to Monday 2024-01-01. */
  startTime: z.number().int().default(Date.UTC(2024, 0, 1)),
});
export type SimulationOptions = z.input<typeof simulationOptionsSchema>;

/** A simulated member and the hidden truth about it. */
export interface SimulatedMember {
  id: string;
  archetype: Archetype;
  joinDay: number;
  /** First day with no activity for good; null if the member stays. */
  churnDay: number | null;
  decayStartDay: number | null;
  /** [first day, day after the last] of the member's break, if any. */
  breakDays: [number, number] | null;
  betsPerDay: number;
  stakeMedian: number;
  oddsMedian: number;
  parlayShare: number;
  sports: string[];
  favouriteTeams: string[];
}

/** The truth the models try to recover. */
export interface CommunityLabels {
  archetype: Record<string, Archetype>;
  /** Members who churned inside the window, and their churn day (days since startTime). */
  churned: string[];
  churnDay: Record<string, number>;
  anomalies: AnomalyLabel[];
}

export interface SimulatedCommunity {
  /** Always true: a marker that travels with the data so it is never mistaken for a real guild's. */
  simulated: true;
  seed: number;
  startTime: number;
  days: number;
  members: SimulatedMember[];
  /** All bets, oldest first, ids 1..n in that order. */
  bets: CommunityBet[];
  labels: CommunityLabels;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function makeMember(rand: Uniform, index: number, days: number): SimulatedMember {
  const archetype = ARCHETYPES[weightedIndex(rand, ARCHETYPES.map((a) => ARCHETYPE_PARAMS[a].share))];
  const p = ARCHETYPE_PARAMS[archetype];
  const betsPerDay = p.betsPerDay * logNormal(rand, 1, p.rateSigma);
  const stakeMedian = p.stakeMedian * logNormal(rand, 1, 0.4);
  const oddsMedian = p.oddsMedian * logNormal(rand, 1, 0.1);
  const logit = Math.log(p.parlayShare / (1 - p.parlayShare)) + 0.5 * standardNormal(rand);
  const parlayShare = 1 / (1 + Math.exp(-logit));
  const sports = sample(rand, Object.keys(SPORT_TEAMS), uniformInt(rand, p.sports[0], p.sports[1]));
  const favouriteTeams = sample(rand, SPORT_TEAMS[sports[0]], 2);
  const joinDay = bernoulli(rand, 0.2) ? uniformInt(rand, 1, Math.floor(0.4 * days)) : 0;

  let churnDay: number | null = null;
  let decayStartDay: number | null = null;
  if (bernoulli(rand, p.churnProbability)) {
    const lo = Math.max(joinDay + 21, Math.round(0.3 * days));
    if (lo <= days - 1) {
      churnDay = uniformInt(rand, lo, days - 1);
      decayStartDay = Math.max(joinDay, churnDay - uniformInt(rand, 7, 21));
    }
  }

  let breakDays: [number, number] | null = null;
  if (bernoulli(rand, 0.35)) {
    const length = uniformInt(rand, 4, 14);
    const lastStart = (decayStartDay ?? days) - length - 1;
    if (lastStart >= joinDay) {
      const start = uniformInt(rand, joinDay, lastStart);
      breakDays = [start, start + length];
    }
  }
  return {
    id: `sim-member-${index + 1}`, archetype, joinDay, churnDay, decayStartDay, breakDays, betsPerDay, stakeMedian,
    oddsMedian, parlayShare, sports, favouriteTeams,
  };
}

/** Activity multiplier of a member on a day: 0 outside its life or on its break, decaying before churn. */
function activity(m: SimulatedMember, day: number): number {
  if (day < m.joinDay) return 0;
  if (m.churnDay !== null && day >= m.churnDay) return 0;
  if (m.breakDays && day >= m.breakDays[0] && day < m.breakDays[1]) return 0;
  if (m.decayStartDay !== null && m.churnDay !== null && day >= m.decayStartDay) {
    return Math.exp((-3 * (day - m.decayStartDay)) / (m.churnDay - m.decayStartDay));
  }
  return 1;
}

type UnnumberedBet = Omit<CommunityBet, 'id'>;

function makeBet(rand: Uniform, m: SimulatedMember, dayStart: number, act: number): UnnumberedBet {
  const p = ARCHETYPE_PARAMS[m.archetype];
  const placedAt = dayStart + Math.round(uniform(rand, 9, 23.5) * HOUR_MS);
  const startTime = placedAt + 10 * 60_000 + Math.round(exponential(rand, 4 * HOUR_MS));
  const sport = pick(rand, m.sports);
  const units = Math.max(0.1, Math.round(logNormal(rand, m.stakeMedian * (0.6 + 0.4 * act), p.stakeSigma) * 10) / 10);

  let decimal: number;
  let winProbability: number;
  let pushProbability = 0;
  let team: string | null = null;
  const parlay = bernoulli(rand, m.parlayShare);
  if (parlay) {
    const legs = uniformInt(rand, p.parlayLegs[0], p.parlayLegs[1]);
    decimal = 1;
    winProbability = 1;
    for (let i = 0; i < legs; i += 1) {
      const leg = round2(clip(logNormal(rand, 1.9, 0.12), 1.3, 3));
      decimal *= leg;
      winProbability *= p.edge / leg;
    }
    decimal = round2(decimal);
  } else {
    decimal = round2(clip(logNormal(rand, m.oddsMedian, p.oddsSigma), 1.15, 8));
    winProbability = Math.min(0.97, p.edge / decimal);
    pushProbability = 0.03;
    team = bernoulli(rand, 0.6) && m.sports[0] === sport ? pick(rand, m.favouriteTeams) : pick(rand, SPORT_TEAMS[sport]);
  }
  const u = rand();
  const result = u < pushProbability ? 'push' : u < pushProbability + (1 - pushProbability) * winProbability ? 'won' : 'lost';
  return {
    memberId: m.id, placedAt, startTime, units, decimal, result, net: settleNet(result, units, decimal), sport, team,
    type: parlay ? 'parlay' : 'game_line',
  };
}

/** Net units of a settled bet, rounded to 4 decimals like the betting plugin. */
export function settleNet(result: 'won' | 'lost' | 'push', units: number, decimal: number): number {
  if (result === 'won') return Math.round(units * (decimal - 1) * 1e4) / 1e4;
  if (result === 'lost') return -units;
  return 0;
}

/**
 * Generates a SIMULATED community (see the module comment for the full generator). Same options → identical
 * output, byte for byte.
 *
 * @example
 * const sim = simulateCommunity({ seed: 1, members: 200, days: 120 });
 * sim.labels.churned; // ids of members who stopped betting inside the window
 */
export function simulateCommunity(options: SimulationOptions): SimulatedCommunity {
  const { seed, members: count, days, startTime } = simulationOptionsSchema.parse(options);
  const rand = mulberry32(seed);
  const members = Array.from({ length: count }, (_, i) => makeMember(rand, i, days));

  const unnumbered: UnnumberedBet[] = [];
  for (const m of members) {
    const weekly = weeklyMultipliers(ARCHETYPE_PARAMS[m.archetype].seasonality);
    for (let day = m.joinDay; day < days; day += 1) {
      const act = activity(m, day);
      if (act === 0) continue;
      const dayStart = startTime + day * DAY_MS;
      const mondayFirst = (new Date(dayStart).getUTCDay() + 6) % 7;
      const n = poisson(rand, m.betsPerDay * weekly[mondayFirst] * act);
      for (let i = 0; i < n; i += 1) unnumbered.push(makeBet(rand, m, dayStart, act));
    }
  }
  // Stable order: time, then member order (the sort is stable and members were generated in order).
  unnumbered.sort((a, b) => a.placedAt - b.placedAt);
  const bets: CommunityBet[] = unnumbered.map((b, i) => ({ id: i + 1, ...b }));

  const anomalies = injectAnomalies(rand, members, bets);
  const churnDay: Record<string, number> = {};
  for (const m of members) if (m.churnDay !== null) churnDay[m.id] = m.churnDay;
  return {
    simulated: true,
    seed,
    startTime,
    days,
    members,
    bets,
    labels: {
      archetype: Object.fromEntries(members.map((m) => [m.id, m.archetype])),
      churned: members.filter((m) => m.churnDay !== null).map((m) => m.id),
      churnDay,
      anomalies,
    },
  };
}
