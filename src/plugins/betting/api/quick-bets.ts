import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import type { BettingContext } from '../services/context.ts';
import { quickBetOffer, type QuickBetOffer, type QuickBetSelection } from '../services/quick-bet.ts';
import { quickBetRows } from '../views/quick-bet.ts';

export type { QuickBetOffer, QuickBetSelection };

/** A game's one-press bets, for plugins that post prices in Discord (the stream plugin's game threads). */
export interface BettingQuickBetsApi {
  /**
   * What Bet buttons on a game offer in a server: the main market's latest prices (1X2 when priced) in the server's
   * odds format, the stake of one press, whether the game still takes bets and whether a bet is open to tail. Null
   * when the game is unknown or unpriced.
   * @since 1.2.0
   */
  quickBetOffer(guildId: string, gameId: number, options?: { units?: number; now?: number }): Promise<QuickBetOffer | null>;
  /**
   * The buttons of an offer: one Bet button per selection at the shown price, and a Tail button (the most recent open
   * bet another member placed on the game). Betting answers the presses: the same placement, limits, price check and
   * audit as `/bet place`. Plain message components (JSON), ready for `components`. Empty once the game has kicked off.
   * @example
   * const offer = await betting.quickBetOffer(guildId, gameId);
   * if (offer) await ctx.discord.send(threadId, { embeds: [embed], components: betting.quickBetRows(offer) });
   * @since 1.2.0
   */
  quickBetRows(offer: QuickBetOffer): APIActionRowComponent<APIButtonComponent>[];
}

export function quickBetsApi(ctx: BettingContext): BettingQuickBetsApi {
  return {
    quickBetOffer: (guildId, gameId, options) => quickBetOffer(ctx, guildId, gameId, options),
    quickBetRows: (offer) => quickBetRows(offer).map((row) => row.toJSON()),
  };
}
