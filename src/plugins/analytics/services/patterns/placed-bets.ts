/** The bets every detector looks at. */

import type { HistoryBet } from './types.ts';

/**
 * The bets the member actually placed by `now`, oldest first (ties by bet id, so the order is deterministic).
 * Cancelled bets never stood, so they say nothing about how the member bets; bets placed after `now` are ignored
 * so a clock skew between machines cannot smuggle in the future.
 */
export function placedBets(history: readonly HistoryBet[], now: number): HistoryBet[] {
  return history
    .filter((bet) => bet.status !== 'cancelled' && bet.placedAt <= now)
    .sort((a, b) => a.placedAt - b.placedAt || a.betId - b.betId);
}
