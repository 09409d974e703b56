import { BetSchema } from '../entities/bet.ts';
import type { BettingContext } from './context.ts';
import { latestPrices } from './games.ts';
import { placeStraight, type Placed } from './placement.ts';
import { Refusal } from 'dbsbm';

const OPPOSITE: Record<string, Record<string, string>> = {
  totals: { over: 'under', under: 'over' },
  spreads: { home: 'away', away: 'home' },
  h2h: { home: 'away', away: 'home' },
};

/**
 * Tails (same side) or fades (the other side) a bet for another member, at the current feed price of that side
 * (the original price when the feed has none, for a tail). The new bet is the member's own, with the same stake.
 */
export async function tailOrFade(
  ctx: BettingContext,
  input: { guildId: string; userId: string; sourceBetId: number; kind: 'tail' | 'fade'; interactionId: string; now?: number },
): Promise<Placed> {
  const now = input.now ?? Date.now();
  const source = await ctx.em().findOne(BetSchema, { id: input.sourceBetId, guildId: input.guildId });
  if (!source) throw new Refusal('BET_NOT_FOUND', 'That bet no longer exists.');
  if (source.type !== 'game_line' || source.gameId === null || !source.market || !source.selection) {
    throw new Refusal('BAD_SELECTION', 'Only single game-line bets can be tailed or faded; place your own with /bet place.');
  }
  if (source.userId === input.userId) throw new Refusal('NOT_ALLOWED', 'That is your own bet.');
  const prices = await latestPrices(ctx.em(), source.gameId);
  const line = source.line ?? 0;
  let selection = source.selection;
  let pickLine = line;
  if (input.kind === 'fade') {
    const hasDraw = prices.some((p) => p.market === 'h2h' && p.selection === 'draw');
    const other = OPPOSITE[source.market]?.[source.selection];
    if (!other || (source.market === 'h2h' && hasDraw)) {
      throw new Refusal('BAD_SELECTION', 'A three-way result has no single other side to fade; pick the side you want with /bet place.');
    }
    selection = other;
    if (source.market === 'spreads') pickLine = -line;
  }
  const price = prices.find((p) => p.market === source.market && p.selection === selection && p.line === pickLine);
  if (!price && input.kind === 'fade') throw new Refusal('BAD_SELECTION', 'There is no price for the other side yet, so it cannot be faded now.');
  return placeStraight(ctx, {
    guildId: input.guildId,
    userId: input.userId,
    interactionId: input.interactionId,
    gameId: source.gameId,
    market: source.market,
    selection,
    line: source.market === 'h2h' ? null : pickLine,
    // The market's price when there is one (the price of record); else, for a tail, the original bet's price, which
    // placement checks like any stated price (it may be refused, or stored unverified).
    ...(price ? {} : { odds: String(source.decimal), oddsFormat: 'decimal' as const }),
    units: source.units,
    source: { betId: source.id, kind: input.kind },
    now,
  });
}
