import type { BettingContext } from '../services/context.ts';
import { postResults, refreshSlips } from '../services/announce.ts';

/**
 * Betting in the server's channels: a game's result goes to the results channel, and a bet's slip is edited when
 * it settles, is voided or cancelled. These events are published durably (in the transaction that settles): when
 * there is something to post and Discord cannot be reached, the subscriber throws and the event is delivered again
 * later, and both effects are safe to repeat (an edit shows the current state; a result is posted once).
 */
export const announceSubscribers = {
  'game.final': async (payload: { gameId: number }, ctx: BettingContext) => {
    await postResults(ctx, payload.gameId);
  },
  'bet.settled': async (payload: { betId: number }, ctx: BettingContext) => {
    await refreshSlips(ctx, payload.betId);
  },
  'bet.voided': async (payload: { betId: number }, ctx: BettingContext) => {
    await refreshSlips(ctx, payload.betId);
  },
  'bet.cancelled': async (payload: { betId: number }, ctx: BettingContext) => {
    await refreshSlips(ctx, payload.betId);
  },
};
