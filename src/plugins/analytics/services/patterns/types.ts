/**
 * Shapes of the betting-pattern detectors: the history they read and the patterns they report.
 * Stored by the analytics plugin in `betting_patterns` (`pattern_type`, `pattern_data`, `confidence_score`).
 */

import type { BettingApi } from '../betting-api.ts';

/** One bet of a member's history, as the detectors read it: exactly what betting's `placedBets` gives. */
export type HistoryBet = Awaited<ReturnType<BettingApi['placedBets']>>[number];

/** Every pattern a detector can report; the value stored in `betting_patterns.pattern_type`. */
export type PatternType =
  | 'chasing_losses'
  | 'favourite_bias'
  | 'underdog_bias'
  | 'sport_concentration'
  | 'team_concentration'
  | 'time_of_day'
  | 'parlay_heavy'
  | 'burst'
  | 'late_night_streak';

/** A value of a pattern's evidence; kept JSON-serialisable so it can be stored as `pattern_data`. */
export type PatternDatum = number | string | boolean | null | (number | string)[];

/** One detected pattern. */
export interface DetectedPattern {
  type: PatternType;
  /** 0..1, rounded to 4 decimals (fits `DECIMAL(5,4)`). */
  confidence: number;
  /** A pattern of possible harm (chasing, bursts, late-night streaks, heavy parlays). */
  harmful: boolean;
  /** One plain sentence in the member's terms. */
  summary: string;
  /** The evidence, JSON-serialisable. */
  data: Record<string, PatternDatum>;
}

/** Options of {@link import('./index.ts').detectPatterns}. */
export interface DetectOptions {
  /** The guild's IANA time zone; an unknown zone falls back to UTC. */
  timeZone: string;
  /** Epoch ms of "now": later bets are ignored and recent-only detectors count back from it. */
  now: number;
  /**
   * Sample size below which a detector's confidence is kept under one half.
   * @default 10
   */
  minBets?: number;
}
