/**
 * Zod shapes of what {@link import('./index.ts').detectPatterns} is given. History rows come from the
 * database through another plugin's code, so they are checked here rather than trusted.
 */

import { z } from 'zod';
import type { HistoryBet } from './types.ts';

const finite = z.number().finite();

/** One {@link HistoryBet}. */
export const historyBetSchema: z.ZodType<HistoryBet> = z.object({
  betId: z.number().int(),
  placedAt: finite,
  settledAt: finite.nullable(),
  units: finite.nonnegative(),
  decimal: finite.positive(),
  status: z.enum(['pending', 'live', 'won', 'lost', 'push', 'void', 'cancelled']),
  net: finite.nullable(),
  type: z.enum(['game_line', 'player_prop', 'parlay']),
  legs: z.number().int().min(1),
  sport: z.string().nullable(),
  league: z.string().nullable(),
  team: z.string().nullable(),
});

/** A member's history, in any order. */
export const historySchema = z.array(historyBetSchema);

/** Default of `minBets`. */
export const DEFAULT_MIN_BETS = 10;

/**
 * Options of `detectPatterns`. The zone is only required to be a string: an unknown zone falls back to UTC
 * (see `local-clock.ts`) instead of failing, so a guild with a mistyped zone still gets its patterns.
 */
export const detectOptionsSchema = z.object({
  timeZone: z.string(),
  now: finite,
  minBets: z.number().int().min(1).default(DEFAULT_MIN_BETS),
});
