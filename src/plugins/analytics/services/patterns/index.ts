/**
 * Betting-pattern detection: pure functions from a member's bet history to the patterns found in it.
 * See docs/analytics-patterns.md for each detector's method, thresholds and confidence.
 */

import { detectBursts } from './bursts.ts';
import { detectChasingLosses } from './chasing-losses.ts';
import { detectConcentration } from './concentration.ts';
import type { Detector } from './detector.ts';
import { detectOptionsSchema, historySchema } from './input-schema.ts';
import { detectLateNightStreak } from './late-night-streak.ts';
import { createLocalClock } from './local-clock.ts';
import { detectParlayHeavy } from './parlay-heavy.ts';
import { placedBets } from './placed-bets.ts';
import { detectPriceBias } from './price-bias.ts';
import { detectTimeOfDay } from './time-of-day.ts';
import type { DetectedPattern, DetectOptions, HistoryBet } from './types.ts';

export type { DetectedPattern, DetectOptions, HistoryBet, PatternDatum, PatternType } from './types.ts';
export { DEFAULT_MIN_BETS, historyBetSchema } from './input-schema.ts';
export { resolveTimeZone } from './local-clock.ts';

const DETECTORS: readonly Detector[] = [
  detectChasingLosses,
  detectPriceBias,
  detectConcentration,
  detectTimeOfDay,
  detectParlayHeavy,
  detectBursts,
  detectLateNightStreak,
];

/**
 * Every pattern found in a member's history, most confident first (ties by type name).
 *
 * Cancelled bets and bets placed after `now` are ignored. Hours and nights are read in `timeZone`; an unknown zone
 * falls back to UTC without throwing. Each confidence is 0..1 with 4 decimals, and stays under one half when the
 * detector's sample is smaller than `minBets`. The result depends only on the arguments.
 *
 * @throws ZodError when a bet or `now`/`minBets` is malformed (a bug upstream, not a member's doing).
 * @example
 * const patterns = detectPatterns(history, { timeZone: 'Europe/London', now: Date.now() });
 * const nudge = patterns.find((p) => p.harmful && p.confidence >= 0.8);
 */
export function detectPatterns(history: HistoryBet[], opts: DetectOptions): DetectedPattern[] {
  const options = detectOptionsSchema.parse(opts);
  const bets = placedBets(historySchema.parse(history), options.now);
  if (bets.length === 0) return [];
  const context = { clock: createLocalClock(options.timeZone), now: options.now, minBets: options.minBets };
  return DETECTORS.flatMap((detect) => detect(bets, context)).sort(
    (a, b) => b.confidence - a.confidence || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
}
