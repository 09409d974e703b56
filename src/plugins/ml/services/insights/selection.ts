/**
 * A candidate selection as the model hands it to the insights: its probability and the price on offer.
 */

import { z } from 'zod';

/**
 * One outcome a member could back. Selections that share a `gameId` are treated as mutually exclusive
 * outcomes of one market (home / draw / away); pass at most one market per game, since two markets on the
 * same game (result and total goals) are neither exclusive nor independent.
 *
 * `probability` and `decimal` are any finite numbers here: a probability outside (0, 1) or a price ≤ 1 is
 * reported back as skipped rather than failing the whole batch.
 */
export const SelectionSchema = z.object({
  id: z.string().min(1),
  gameId: z.string().min(1),
  /** What the member sees, e.g. "Arsenal to win". */
  label: z.string().min(1),
  /** Model probability that this outcome happens. */
  probability: z.number(),
  /** Decimal price on offer (stake included). */
  decimal: z.number(),
  team: z.string().min(1).nullable().default(null),
  sport: z.string().min(1).nullable().default(null),
});
export type Selection = z.output<typeof SelectionSchema>;
export type SelectionInput = z.input<typeof SelectionSchema>;

/** A selection left out, with the reason in plain English. */
export interface Skipped {
  id: string;
  reason: string;
}
