/**
 * The insights pipeline: value bets → Kelly stakes → sized together → guardrails → the member's limits, each
 * recommendation with a plain-English reason.
 */

import { z } from 'zod';
import { GuardrailOptionsSchema, MemberLimitsInputSchema, RecentBetSchema, applyLimits, capAfterLosses, detectLosingRun, type LosingRun } from './guardrails.ts';
import { kellyStake } from './kelly.ts';
import { SelectionSchema, type Selection, type Skipped } from './selection.ts';
import { SimultaneousOptionsSchema, sizeSimultaneous, type SizedBet } from './simultaneous.ts';
import { ValueOptionsSchema, findValueBets } from './value.ts';
import { percent, units } from './wording.ts';

/** Everything the pipeline needs; comes from the plugin, so it is checked with zod. */
export const RecommendInputSchema = z.object({
  selections: z.array(SelectionSchema).refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'Selection ids must be unique'),
  /** The member's bankroll in units. */
  bankrollUnits: z.number().gt(0),
  /** The member's recent settled bets, oldest first. */
  history: z.array(RecentBetSchema).default([]),
  limits: MemberLimitsInputSchema,
  options: z
    .object({
      value: ValueOptionsSchema.prefault({}),
      sizing: SimultaneousOptionsSchema.prefault({}),
      guardrails: GuardrailOptionsSchema.prefault({}),
    })
    .prefault({}),
});
export type RecommendInput = z.input<typeof RecommendInputSchema>;

/** One value bet and the stake suggested for it (possibly 0, with the reason why). */
export interface Recommendation {
  selection: Selection;
  edge: number;
  expectedValuePerUnit: number;
  fairDecimal: number;
  fullKellyFraction: number;
  /** Fractional Kelly stake for this bet alone, after the per-bet cap. */
  kellyStake: number;
  /** After sizing with the other bets. */
  sizedStake: number;
  /** What to stake, in units, rounded down to hundredths: after guardrails and limits. */
  stake: number;
  /** Each step that shaped the stake, in order. */
  reasons: string[];
  /** `reasons` as one paragraph. */
  reason: string;
}

/** Result of {@link recommend}. */
export interface Recommendations {
  /** Best edge first. */
  recommendations: Recommendation[];
  /** Selections that are not value bets or could not be sized, with why. */
  skipped: Skipped[];
  losingRun: LosingRun;
  totalStake: number;
}

/**
 * Recommendations for one member:
 * 1. value bets ({@link findValueBets});
 * 2. each bet's fractional Kelly stake with its cap ({@link kellyStake});
 * 3. all of them sized together within the total cap, never above a bet's own stake ({@link sizeSimultaneous});
 * 4. on a losing run, each held to the member's usual stake ({@link capAfterLosses}); the total cap and the daily
 *    limit bound them together;
 * 5. clipped to the member's per-bet and daily limits ({@link applyLimits}). The daily room is shared: the best edge
 *    takes what it needs first, so the recommendations together never exceed what is left of the day.
 * Stakes are rounded down to hundredths of a unit, so rounding never pushes one past a cap or limit (beyond the
 * 1e-9 units the betting plugin itself tolerates).
 *
 * @throws ZodError when the input is malformed.
 * @example
 * recommend({ selections: [{ id: 'a', gameId: 'g1', label: 'Arsenal', probability: 0.55, decimal: 2 }], bankrollUnits: 100, limits: { unitsPlacedToday: 0 } })
 * // one recommendation: stake 2 (quarter Kelly 2.5 capped at 2% of the bankroll)
 */
export function recommend(input: RecommendInput): Recommendations {
  const { selections, bankrollUnits, history, limits, options } = RecommendInputSchema.parse(input);
  const { valueBets, skipped } = findValueBets(selections, options.value);
  const labels = new Map(selections.map((s) => [s.id, s.label]));

  const sizing = sizeSimultaneous(
    valueBets.map((v) => ({ id: v.selection.id, gameId: v.selection.gameId, probability: v.selection.probability, decimal: v.selection.decimal })),
    bankrollUnits,
    options.sizing,
  );
  for (const e of sizing.excluded) skipped.push({ id: e.id, reason: `${labels.get(e.id) ?? e.id}: ${e.reason}` });
  const sizedById = new Map(sizing.bets.map((b) => [b.id, b]));
  const othersSized = sizing.bets.length - 1;

  const losingRun = detectLosingRun(history, options.guardrails);
  let placedToday = limits.unitsPlacedToday;
  const recommendations: Recommendation[] = [];
  for (const value of valueBets) {
    const sized = sizedById.get(value.selection.id);
    if (!sized) continue;
    const { probability: p, decimal: d } = value.selection;
    const kelly = kellyStake(p, d, bankrollUnits, options.sizing.kelly);
    const reasons = [
      `The model gives ${(p * 100).toFixed(1)}% against a price of ${d.toFixed(2)} (fair price ${value.fairDecimal.toFixed(2)}): edge ${percent(value.edge)}, or ${value.expectedValuePerUnit.toFixed(3)} units expected per unit staked.`,
      kellyReason(options.sizing.kelly.fraction, kelly.fractionalFraction * bankrollUnits, kelly.stake, kelly.capped, bankrollUnits),
    ];
    const sizingReason = describeSized(sized, othersSized, sizing.totalCapUnits);
    if (sizingReason) reasons.push(sizingReason);

    const guarded = capAfterLosses(sized.stake, history, options.guardrails);
    if (guarded.reason && guarded.capped) reasons.push(guarded.reason);

    const limited = applyLimits(guarded.stake, { ...limits, unitsPlacedToday: placedToday });
    const sharedDay = placedToday > limits.unitsPlacedToday && limited.clippedBy !== null && limited.clippedBy !== 'per-bet';
    if (sharedDay) {
      reasons.push(
        limited.stake > 0
          ? `Held to the ${units(limited.stake)} of your ${limits.window} limit left after the stronger picks above.`
          : `Your ${limits.window} limit is used up by the stronger picks above.`,
      );
    }
    else if (limited.reason) reasons.push(limited.reason);

    const stake = roundDownToHundredths(limited.stake);
    if (stake === 0 && limited.stake > 0) reasons.push('That comes to less than 0.01 units, so no stake is suggested.');
    placedToday += stake;
    recommendations.push({
      selection: value.selection,
      edge: value.edge,
      expectedValuePerUnit: value.expectedValuePerUnit,
      fairDecimal: value.fairDecimal,
      fullKellyFraction: kelly.fullFraction,
      kellyStake: kelly.stake,
      sizedStake: sized.stake,
      stake,
      reasons,
      reason: reasons.join(' '),
    });
  }
  return { recommendations, skipped, losingRun, totalStake: recommendations.reduce((sum, r) => sum + r.stake, 0) };
}

function kellyReason(fraction: number, uncapped: number, stake: number, capped: boolean, bankroll: number): string {
  const name = fraction === 1 ? 'Full' : fraction === 0.5 ? 'Half' : fraction === 0.25 ? 'Quarter' : `${fraction}×`;
  const base = `${name} Kelly on a bankroll of ${units(bankroll)} suggests ${units(uncapped)}`;
  return capped ? `${base}, capped at ${units(stake)} per bet.` : `${base}.`;
}

function describeSized(sized: SizedBet, others: number, totalCap: number): string | null {
  if (others === 0 && sized.limitedBy !== 'total-cap') return null;
  const together = others === 0 ? 'On its own' : `Sized together with ${others} other ${others === 1 ? 'pick' : 'picks'}`;
  if (sized.stake <= 0) return `${together}, this one adds nothing worth staking.`;
  if (sized.limitedBy === 'total-cap') return `${together} to keep the total within ${units(totalCap)}: ${units(sized.stake)}.`;
  // Below the bet's own stake by more than rounding: the joint optimum shrank it.
  if (sized.stake < sized.singleStake - 5e-3) return `${together}, whose results can land at the same time: ${units(sized.stake)}.`;
  return null;
}

// The 1e-9 keeps 2.37 (stored as 2.3699999999999997) at 2.37; it can lift a stake by at most 1e-11 units, inside the
// betting plugin's own 1e-9 tolerance on limits.
function roundDownToHundredths(x: number): number {
  return Math.floor(x * 100 + 1e-9) / 100;
}
