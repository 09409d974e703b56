/**
 * Value bets: selections whose model probability times the price beats 1 by more than a threshold.
 */

import { z } from 'zod';
import { isUsablePrice } from './kelly.ts';
import { percent } from './wording.ts';
import { SelectionSchema, type Selection, type SelectionInput, type Skipped } from './selection.ts';

/** Options of {@link findValueBets}. */
export const ValueOptionsSchema = z.object({
  /** Smallest edge (p·d − 1) that is *not yet* value; a bet needs strictly more. @default 0.02 */
  threshold: z.number().min(0).max(1).default(0.02),
});
export type ValueOptions = z.input<typeof ValueOptionsSchema>;

/** A selection that is a value bet, with what makes it one. */
export interface ValueBet {
  selection: Selection;
  /** p·d − 1. */
  edge: number;
  /**
   * Expected net units per unit staked: p·(d − 1) − (1 − p), which is algebraically the edge again.
   * Kept as its own field because members read it as "units won per unit staked, on average".
   */
  expectedValuePerUnit: number;
  /** The price at which the bet would be fair under the model: 1/p. */
  fairDecimal: number;
}

/** The value bets, best edge first, and every other selection with why it was left out. */
export interface ValueScan {
  valueBets: ValueBet[];
  skipped: Skipped[];
}

/**
 * The edge of backing an outcome the model gives `probability` at a decimal price: p·d − 1, the expected net units
 * per unit staked (negative when the price is too short).
 * @example edgeOf(0.55, 2) // ≈ 0.10
 */
export function edgeOf(probability: number, decimal: number): number {
  return probability * decimal - 1;
}

// p·d − 1 is computed in floating point: 0.51 × 2 − 1 comes out as 0.020000000000000018, above a 0.02 threshold.
// Without this slack a bet that exactly meets the threshold would count as beating it.
const EDGE_SLACK = 1e-9;

/**
 * Finds value bets: p·d > 1 + threshold, i.e. edge > threshold. A bet that exactly meets the threshold is not a
 * value bet (within 1e-9, to absorb float error in p·d). Results are sorted by edge, highest first, ties by id.
 *
 * @throws ZodError when a selection or the options are malformed.
 * @example
 * findValueBets([{ id: 'a', gameId: 'g1', label: 'Home', probability: 0.55, decimal: 2 }])
 * // valueBets: [{ edge ≈ 0.10, expectedValuePerUnit ≈ 0.10, fairDecimal ≈ 1.818 }]
 */
export function findValueBets(selections: readonly SelectionInput[], options: ValueOptions = {}): ValueScan {
  const { threshold } = ValueOptionsSchema.parse(options);
  const parsed = z.array(SelectionSchema).parse(selections);
  const valueBets: ValueBet[] = [];
  const skipped: Skipped[] = [];
  for (const selection of parsed) {
    const { probability: p, decimal: d } = selection;
    if (!isUsablePrice(p, d)) {
      skipped.push({ id: selection.id, reason: `${selection.label}: a probability must be between 0 and 1 and a price above 1 (got ${p} at ${d}).` });
      continue;
    }
    const edge = edgeOf(p, d);
    if (!(edge > threshold + EDGE_SLACK)) {
      skipped.push({ id: selection.id, reason: `${selection.label}: edge ${percent(edge)} is not above the ${percent(threshold)} threshold.` });
      continue;
    }
    valueBets.push({ selection, edge, expectedValuePerUnit: p * (d - 1) - (1 - p), fairDecimal: 1 / p });
  }
  valueBets.sort((a, b) => b.edge - a.edge || a.selection.id.localeCompare(b.selection.id));
  return { valueBets, skipped };
}
