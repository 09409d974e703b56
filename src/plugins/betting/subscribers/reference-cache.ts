import type { BettingContext } from '../services/context.ts';
import { referenceCache } from '../services/reference-cache.ts';

/**
 * Drops a game's cached book when its prices or state change, also when another instance made the change (the events
 * come over Redis). Placement never relies on these for correctness (its insert checks the book), only to avoid
 * placing a bet twice over when a book went out of date.
 */
const forget = async (payload: { gameId: number }, ctx: BettingContext): Promise<void> => {
  referenceCache(ctx).forgetGame(payload.gameId);
};

export const referenceCacheSubscribers = {
  'odds.moved': forget,
  'game.scheduled': forget,
  'game.started': forget,
};
