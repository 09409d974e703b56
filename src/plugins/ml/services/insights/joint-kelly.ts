/**
 * Full Kelly for several bets settled at once: the stakes that maximise expected log wealth over every joint
 * outcome, found numerically.
 */

import { isUsablePrice } from './kelly.ts';

/** Most bets sized together; 10 independent bets have 2^10 = 1024 joint outcomes. */
export const MAX_JOINT_BETS = 10;

/** A bet as the optimiser needs it. Bets with the same `gameId` are mutually exclusive outcomes. */
export interface JointBet {
  gameId: string;
  probability: number;
  decimal: number;
}

/** One joint outcome: its probability and each bet's net return per unit staked (d − 1 if it won, −1 if not). */
interface Outcome {
  probability: number;
  returns: Float64Array;
}

// Probabilities of one game's outcomes may add up to a hair over 1 from rounding in the model.
const PROBABILITY_SLACK = 1e-9;
const SWEEP_TOLERANCE = 1e-12;
const MAX_SWEEPS = 10_000;

/**
 * Full-Kelly fractions of the bankroll for bets settled together, maximising
 * E[log(1 + Σ fᵢ·rᵢ)] over the joint outcomes, with fᵢ ≥ 0 and Σ fᵢ ≤ 1.
 *
 * Games are independent of one another; within a game the backed selections are mutually exclusive: exactly one
 * of them wins, or none does with probability 1 − Σp. So a game with k backed selections contributes k + 1
 * outcomes (k when their probabilities sum to 1), and there are at most 2^n joint outcomes for n bets.
 *
 * The objective is concave. While some outcome loses every bet, the only constraints that can bind (fᵢ ≥ 0) are
 * separable, so cyclic coordinate ascent converges to the maximum; Σ fᵢ < 1 then holds by itself, since that
 * outcome's wealth 1 − Σ fᵢ must stay positive. Each coordinate step solves ∂G/∂fᵢ = 0 by Newton's method kept
 * inside a bisection bracket; the derivative falls monotonically in fᵢ, so the bracket always holds the root (or,
 * when the bankroll constraint binds, its edge).
 *
 * Only when every outcome of some game is backed (the model's probabilities for it add up to 1) can the bankroll
 * constraint bind, and then coordinate ascent may stop on that face short of the optimum. The fractions are still
 * feasible, and `simultaneous.ts` clips them to single Kelly.
 *
 * A bet with negative edge can get a positive fraction here when it hedges another outcome of the same game, and a
 * backed outcome can get more than its single-bet Kelly fraction for the same reason; `simultaneous.ts` clips both.
 *
 * @throws RangeError for more than {@link MAX_JOINT_BETS} bets, a probability outside (0, 1), a price ≤ 1, or a game
 * whose selections' probabilities add up to more than 1.
 * @example
 * jointKellyFractions([
 *   { gameId: 'a', probability: 0.6, decimal: 2 },
 *   { gameId: 'b', probability: 0.6, decimal: 2 },
 * ]) // ≈ [0.1923, 0.1923]: (p² − q²)/(2(p² + q²)), below the single-bet 0.2
 */
export function jointKellyFractions(bets: readonly JointBet[]): number[] {
  if (bets.length > MAX_JOINT_BETS) throw new RangeError(`At most ${MAX_JOINT_BETS} bets can be sized together, got ${bets.length}`);
  for (const bet of bets) {
    if (!isUsablePrice(bet.probability, bet.decimal)) {
      throw new RangeError(`A probability must be in (0, 1) and a price above 1, got ${bet.probability} at ${bet.decimal}`);
    }
  }
  const outcomes = jointOutcomes(bets);
  return maximiseLogGrowth(outcomes, bets.length);
}

/** Every joint outcome with a positive probability. */
function jointOutcomes(bets: readonly JointBet[]): Outcome[] {
  const games = new Map<string, number[]>();
  bets.forEach((bet, index) => {
    const members = games.get(bet.gameId);
    if (members) members.push(index);
    else games.set(bet.gameId, [index]);
  });

  // Per game: which bet wins (or -1 for none of them) and how likely that is.
  const gameOutcomes: { winner: number; probability: number }[][] = [];
  for (const [gameId, members] of games) {
    const total = members.reduce((sum, index) => sum + bets[index].probability, 0);
    if (total > 1 + PROBABILITY_SLACK) {
      throw new RangeError(`The selections on game ${gameId} are mutually exclusive but their probabilities add up to ${total.toFixed(4)}`);
    }
    const options = members.map((index) => ({ winner: index, probability: bets[index].probability }));
    const none = 1 - total;
    if (none > PROBABILITY_SLACK) options.push({ winner: -1, probability: none });
    gameOutcomes.push(options);
  }

  const n = bets.length;
  let partial: { probability: number; winners: number[] }[] = [{ probability: 1, winners: [] }];
  for (const options of gameOutcomes) {
    partial = partial.flatMap((so) =>
      options.map((o) => ({ probability: so.probability * o.probability, winners: o.winner < 0 ? so.winners : [...so.winners, o.winner] })),
    );
  }
  return partial.map(({ probability, winners }) => {
    const returns = new Float64Array(n).fill(-1);
    for (const index of winners) returns[index] = bets[index].decimal - 1;
    return { probability, returns };
  });
}

/** Cyclic coordinate ascent on E[log wealth]; see {@link jointKellyFractions}. */
function maximiseLogGrowth(outcomes: readonly Outcome[], n: number): number[] {
  const fractions = new Array<number>(n).fill(0);
  const wealth = new Float64Array(outcomes.length).fill(1);
  const base = new Float64Array(outcomes.length);

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largestChange = 0;
    for (let i = 0; i < n; i++) {
      for (let o = 0; o < outcomes.length; o++) base[o] = wealth[o] - fractions[i] * outcomes[o].returns[i];
      const othersStaked = fractions.reduce((sum, f, j) => (j === i ? sum : sum + f), 0);
      const next = bestCoordinate(outcomes, base, i, othersStaked);
      largestChange = Math.max(largestChange, Math.abs(next - fractions[i]));
      fractions[i] = next;
      for (let o = 0; o < outcomes.length; o++) wealth[o] = base[o] + next * outcomes[o].returns[i];
    }
    if (largestChange < SWEEP_TOLERANCE) break;
  }
  return fractions;
}

/** The fᵢ ≥ 0 maximising E[log(base + fᵢ·rᵢ)] with the other fractions held fixed. */
function bestCoordinate(outcomes: readonly Outcome[], base: Float64Array, i: number, othersStaked: number): number {
  const slope = (x: number): { g: number; dg: number } => {
    let g = 0;
    let dg = 0;
    for (let o = 0; o < outcomes.length; o++) {
      const r = outcomes[o].returns[i];
      const w = base[o] + x * r;
      g += (outcomes[o].probability * r) / w;
      dg -= (outcomes[o].probability * r * r) / (w * w);
    }
    return { g, dg };
  };
  if (slope(0).g <= 0) return 0;

  // Wealth stays positive while x < base in every outcome where this bet loses (r = −1); p < 1 means there is one.
  // The stakes together may not exceed the bankroll either; that only binds when no outcome loses every bet.
  let hi = 1 - othersStaked;
  for (let o = 0; o < outcomes.length; o++) if (outcomes[o].returns[i] < 0) hi = Math.min(hi, base[o]);
  if (!(hi > 0)) return 0;
  let lo = 0;
  let x = hi / 2;
  for (let step = 0; step < 200 && hi - lo > 1e-15; step++) {
    const { g, dg } = slope(x);
    if (Math.abs(g) < 1e-14) break;
    if (g > 0) lo = x;
    else hi = x;
    const newton = x - g / dg;
    x = newton > lo && newton < hi ? newton : (lo + hi) / 2;
  }
  return x;
}
