import type { StreamContext } from '../../services/context.ts';
import { arrow, priceUpdateEmbed } from '../views/price-update.ts';
import { openBoards } from './board-store.ts';

/** A selection's move since the last post: the price then (null: unpriced) and now. */
export interface PriceMove {
  market: string;
  selection: string;
  line: number;
  from: number | null;
  to: number;
}

/** Moves of one game since its last post, keyed by market, selection and line: the first `from`, the latest `to`. */
export class PendingMoves {
  readonly #games = new Map<number, Map<string, PriceMove>>();

  add(gameId: number, move: PriceMove): void {
    let moves = this.#games.get(gameId);
    if (!moves) this.#games.set(gameId, (moves = new Map()));
    const key = `${move.market}|${move.selection}|${move.line}`;
    const earlier = moves.get(key);
    moves.set(key, earlier ? { ...move, from: earlier.from } : move);
  }

  /** The game's moves, forgotten here (the post that takes them shows them). */
  take(gameId: number): PriceMove[] {
    const moves = [...(this.#games.get(gameId)?.values() ?? [])];
    this.#games.delete(gameId);
    return moves;
  }
}

/**
 * Posts a price update in every open game thread of the game (servers where the plugin is on): the main market's new
 * prices with ▲/▼ since the last post, and betting's Bet buttons (one per selection, at the shown price) and Tail
 * button. Moves outside the main market post nothing. Returns the number of posts.
 */
export async function postPriceUpdates(ctx: StreamContext, gameId: number, moves: readonly PriceMove[]): Promise<number> {
  if (moves.length === 0) return 0;
  const threads = await openBoards(ctx, gameId, 'thread');
  if (threads.length === 0) return 0;
  const betting = ctx.use('betting');
  const game = await betting.game(gameId);
  if (!game) return 0;
  let posts = 0;
  for (const thread of threads) {
    if (!(await ctx.gate(thread.guildId)).ok) continue;
    const offer = await betting.quickBetOffer(thread.guildId, gameId);
    if (!offer) continue;
    const relevant = moves.filter((m) => m.market === offer.market && (offer.market === 'h2h' || offer.selections.some((s) => s.line === m.line)));
    if (relevant.length === 0) continue;
    const arrows = new Map(relevant.map((m) => [m.selection, arrow(m.from, m.to)]));
    await ctx.discord.send(thread.channelId, { embeds: [priceUpdateEmbed(game, offer, arrows)], components: betting.quickBetRows(offer) });
    posts += 1;
  }
  return posts;
}
