/**
 * Kelly staking for one bet: the full Kelly fraction, a fractional multiplier and a cap,
 * turned into a stake in units.
 */

import { z } from 'zod';

/**
 * A ceiling on a stake: either a share of the bankroll or a fixed number of units.
 * Used for one bet here and for a group of bets in `simultaneous.ts`.
 */
export const StakeCapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bankroll-fraction'), value: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('units'), value: z.number().gt(0) }),
]);
export type StakeCap = z.output<typeof StakeCapSchema>;

/** Options of {@link kellyStake}. */
export const KellyOptionsSchema = z.object({
  /** Multiplier applied to full Kelly. @default 0.25 (quarter Kelly) */
  fraction: z.number().gt(0).max(1).default(0.25),
  /** Largest stake for one bet. @default 2% of the bankroll */
  cap: StakeCapSchema.default({ kind: 'bankroll-fraction', value: 0.02 }),
});
export type KellyOptions = z.input<typeof KellyOptionsSchema>;

/** A single bet's Kelly sizing; fractions are of the bankroll. */
export interface KellyStake {
  /** f* = (p·d − 1)/(d − 1), or 0 when the edge is not positive or the inputs are unusable. */
  fullFraction: number;
  /** `fullFraction × fraction`. */
  fractionalFraction: number;
  /** The fraction actually staked, after the cap. */
  stakeFraction: number;
  /** Stake in units: `stakeFraction × bankroll`. */
  stake: number;
  /** True when the cap, not the Kelly arithmetic, set the stake. */
  capped: boolean;
}

/** True when `probability` is strictly inside (0, 1) and `decimal` is a finite price above 1. */
export function isUsablePrice(probability: number, decimal: number): boolean {
  return Number.isFinite(probability) && probability > 0 && probability < 1 && Number.isFinite(decimal) && decimal > 1;
}

/**
 * Full Kelly fraction of the bankroll for a bet that pays `decimal` (stake included) and wins with `probability`:
 * f* = (p·d − 1)/(d − 1). Returns 0 for a bet without a positive edge, and for p outside (0, 1) or d ≤ 1,
 * where the formula has no meaning (the caller gets "don't bet", never a negative or infinite stake).
 *
 * @example fullKelly(0.55, 2.0) // ≈ 0.10
 */
export function fullKelly(probability: number, decimal: number): number {
  if (!isUsablePrice(probability, decimal)) return 0;
  const f = (probability * decimal - 1) / (decimal - 1);
  return f > 0 ? f : 0;
}

/** The cap in units for a bankroll. */
export function capUnits(cap: StakeCap, bankrollUnits: number): number {
  return cap.kind === 'units' ? cap.value : cap.value * bankrollUnits;
}

/**
 * Fractional Kelly stake in units, capped. The stake is 0 when the bet has no positive edge,
 * when p or d are unusable (see {@link fullKelly}) or when the bankroll is not positive.
 *
 * @param bankrollUnits The member's bankroll in units.
 * @throws ZodError when the options are malformed.
 * @example
 * kellyStake(0.55, 2.0, 100)
 * // fullFraction ≈ 0.10, fractionalFraction ≈ 0.025, stakeFraction 0.02, stake 2, capped true
 */
export function kellyStake(probability: number, decimal: number, bankrollUnits: number, options: KellyOptions = {}): KellyStake {
  const { fraction, cap } = KellyOptionsSchema.parse(options);
  const fullFraction = fullKelly(probability, decimal);
  const fractionalFraction = fullFraction * fraction;
  if (!(Number.isFinite(bankrollUnits) && bankrollUnits > 0) || fractionalFraction === 0) {
    return { fullFraction, fractionalFraction, stakeFraction: 0, stake: 0, capped: false };
  }
  const uncapped = fractionalFraction * bankrollUnits;
  const ceiling = capUnits(cap, bankrollUnits);
  const stake = Math.min(uncapped, ceiling);
  return { fullFraction, fractionalFraction, stakeFraction: stake / bankrollUnits, stake, capped: uncapped > ceiling };
}
