/**
 * Sizing several bets that are open at the same time, so that together they stay within a total cap and none is
 * bigger than it would be on its own.
 */

import { z } from 'zod';
import { MAX_JOINT_BETS, jointKellyFractions } from './joint-kelly.ts';
import { KellyOptionsSchema, StakeCapSchema, capUnits, isUsablePrice, kellyStake } from './kelly.ts';
import type { Skipped } from './selection.ts';
import { units } from './wording.ts';

/** Options of {@link sizeSimultaneous}. */
export const SimultaneousOptionsSchema = z.object({
  /** Fractional multiplier and per-bet cap, as for a single bet. @default quarter Kelly, 2% of bankroll */
  kelly: KellyOptionsSchema.prefault({}),
  /** Most the bets may stake together. @default 5% of the bankroll */
  totalCap: StakeCapSchema.default({ kind: 'bankroll-fraction', value: 0.05 }),
  /** Most bets sized together; the best edges are kept. @default 10 */
  maxBets: z.number().int().min(1).max(MAX_JOINT_BETS).default(MAX_JOINT_BETS),
});
export type SimultaneousOptions = z.input<typeof SimultaneousOptionsSchema>;

/** A bet to size. Bets sharing a `gameId` are mutually exclusive outcomes of one market. */
export interface SimultaneousBet {
  id: string;
  gameId: string;
  probability: number;
  decimal: number;
}

/** What bounded a sized stake: the joint optimum, the bet's own Kelly stake, or the total cap. */
export type SizingLimit = 'joint' | 'single-kelly' | 'total-cap';

/** One bet's stake after sizing, in units. */
export interface SizedBet {
  id: string;
  /** Full-Kelly fraction from the joint optimisation, before the fractional multiplier. */
  jointFullFraction: number;
  /** The stake this bet would get alone (fractional Kelly, per-bet cap). */
  singleStake: number;
  /** The stake sized together with the others; never above `singleStake`. */
  stake: number;
  limitedBy: SizingLimit;
}

/** Result of {@link sizeSimultaneous}. */
export interface SimultaneousSizing {
  bets: SizedBet[];
  excluded: Skipped[];
  totalStake: number;
  totalCapUnits: number;
  /** Factor every stake was multiplied by to fit the total cap (1 when it already fitted). */
  scale: number;
}

/**
 * Sizes bets settled at the same time. Games are assumed independent of each other; outcomes within a game
 * mutually exclusive.
 *
 * Method (chosen over plain scaling because it accounts for bets winning and losing together, and for hedges within a game):
 * 1. Drop bets with an unusable price or no positive edge of their own, games whose selections' probabilities add
 *    up to more than 1 (the model contradicts itself, so the game is refused), and all but the `maxBets` best edges.
 * 2. Find the full-Kelly fractions that maximise expected log growth over every joint outcome
 *    ({@link jointKellyFractions}: at most 2^10 outcomes) and apply the fractional multiplier.
 * 3. Clip each stake to the bet's single-bet stake ({@link kellyStake}, with its per-bet cap). Within one game the
 *    joint optimum can exceed single Kelly because the other outcome hedges it; we never recommend more than a bet
 *    is worth on its own.
 * 4. If the stakes still add up to more than the total cap, scale them all down by the same factor.
 *
 * @throws ZodError when the options are malformed.
 * @example
 * sizeSimultaneous([{ id: 'a', gameId: 'g1', probability: 0.55, decimal: 2 }, { id: 'b', gameId: 'g2', probability: 0.4, decimal: 3 }], 100)
 */
export function sizeSimultaneous(bets: readonly SimultaneousBet[], bankrollUnits: number, options: SimultaneousOptions = {}): SimultaneousSizing {
  const { kelly, totalCap, maxBets } = SimultaneousOptionsSchema.parse(options);
  const excluded: Skipped[] = [];
  const totalCapUnits = Number.isFinite(bankrollUnits) && bankrollUnits > 0 ? capUnits(totalCap, bankrollUnits) : 0;

  const seen = new Set<string>();
  const eligible: (SimultaneousBet & { singleStake: number; edge: number })[] = [];
  for (const bet of bets) {
    if (seen.has(bet.id)) {
      excluded.push({ id: bet.id, reason: 'Listed more than once; only the first is sized.' });
      continue;
    }
    seen.add(bet.id);
    if (!isUsablePrice(bet.probability, bet.decimal)) {
      excluded.push({ id: bet.id, reason: 'A probability must be between 0 and 1 and a price above 1.' });
      continue;
    }
    const singleStake = kellyStake(bet.probability, bet.decimal, bankrollUnits, kelly).stake;
    if (singleStake <= 0) {
      excluded.push({ id: bet.id, reason: 'No positive Kelly stake on its own.' });
      continue;
    }
    eligible.push({ ...bet, singleStake, edge: bet.probability * bet.decimal - 1 });
  }

  const consistent = refuseContradictoryGames(eligible, excluded);
  consistent.sort((a, b) => b.edge - a.edge || a.id.localeCompare(b.id));
  for (const bet of consistent.slice(maxBets)) {
    excluded.push({ id: bet.id, reason: `Only the ${maxBets} best edges are sized together.` });
  }
  const kept = consistent.slice(0, maxBets);

  const joint = jointKellyFractions(kept);
  const sized: SizedBet[] = kept.map((bet, i) => {
    const proposed = kelly.fraction * joint[i] * bankrollUnits;
    const stake = Math.min(proposed, bet.singleStake);
    return { id: bet.id, jointFullFraction: joint[i], singleStake: bet.singleStake, stake, limitedBy: proposed > bet.singleStake ? 'single-kelly' : 'joint' };
  });

  const total = sized.reduce((sum, bet) => sum + bet.stake, 0);
  const scale = total > totalCapUnits ? totalCapUnits / total : 1;
  if (scale < 1) {
    for (const bet of sized) {
      bet.stake *= scale;
      if (bet.stake > 0) bet.limitedBy = 'total-cap';
    }
  }
  return { bets: sized, excluded, totalStake: sized.reduce((sum, bet) => sum + bet.stake, 0), totalCapUnits, scale };
}

/** Removes (and explains) every game whose selections' probabilities add up to more than 1. */
function refuseContradictoryGames<T extends SimultaneousBet>(bets: readonly T[], excluded: Skipped[]): T[] {
  const totals = new Map<string, number>();
  for (const bet of bets) totals.set(bet.gameId, (totals.get(bet.gameId) ?? 0) + bet.probability);
  return bets.filter((bet) => {
    const total = totals.get(bet.gameId) ?? 0;
    if (total <= 1 + 1e-9) return true;
    excluded.push({
      id: bet.id,
      reason: `The selections on game ${bet.gameId} are mutually exclusive, yet the model gives them ${(total * 100).toFixed(1)}% together; that game is left out.`,
    });
    return false;
  });
}

/** A one-line summary of the sizing for members, e.g. "3 bets sized together: 4.20 of at most 5.00 units." */
export function describeSizing(sizing: SimultaneousSizing): string {
  const count = sizing.bets.filter((bet) => bet.stake > 0).length;
  return `${count} ${count === 1 ? 'bet' : 'bets'} sized together: ${units(sizing.totalStake)} of at most ${units(sizing.totalCapUnits)}.`;
}
