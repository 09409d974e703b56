import { Colors, safeEmbed, type SafeEmbedBuilder } from 'dbsbm';
import type { GameView, QuickBetOffer } from '../services/betting-api.ts';
import { marketName, priceLines, scoreLine } from './scoreboard.ts';

/**
 * A price-update post in a game thread: the main market's new prices, each with ▲ (drifted: a longer price) or ▼
 * (shortened) since the last post, and what one press of a Bet button stakes.
 */
export function priceUpdateEmbed(game: GameView, offer: QuickBetOffer, arrows: ReadonlyMap<string, string>): SafeEmbedBuilder {
  const closed = offer.open ? `One press bets ${offer.units}u at the price shown, with the same rules as /bet place.` : 'Betting closed at kick-off: in-play prices, for information.';
  return safeEmbed()
    .setColor(Colors.info)
    .setTitle(`Prices moved · ${scoreLine(game)}`)
    .setDescription(`${marketName(offer.market)}\n${priceLines(offer, arrows)}`)
    .setFooter({ text: closed });
}

/** ▲ when a price drifted (longer), ▼ when it shortened, nothing when it is back where it was. */
export function arrow(from: number | null, to: number): string {
  if (from === null || from === to) return '';
  return to > from ? '▲' : '▼';
}
