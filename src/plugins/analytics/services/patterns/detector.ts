/** The shape every detector file exports. */

import type { LocalClock } from './local-clock.ts';
import type { DetectedPattern, HistoryBet } from './types.ts';

/** What a detector is given besides the bets. */
export interface DetectorContext {
  /** Reads instants in the guild's zone. */
  clock: LocalClock;
  /** Epoch ms of "now". */
  now: number;
  /** Sample size below which confidence stays under one half (see `confidence.ts`). */
  minBets: number;
}

/**
 * A pure detector: the member's placed bets (oldest first, no cancelled ones) in, the patterns it found out.
 * An empty array means the pattern is not there.
 */
export type Detector = (bets: readonly HistoryBet[], context: DetectorContext) => DetectedPattern[];
