import { Colors, safeEmbed, type SafeEmbedBuilder } from 'dbsbm';
import type { GameView, QuickBetOffer } from '../services/betting-api.ts';

const STATUS: Record<GameView['status'], string> = { scheduled: 'Not started', live: 'LIVE', final: 'Full time', postponed: 'Postponed', cancelled: 'Cancelled' };
const COLOR: Record<GameView['status'], number> = { scheduled: Colors.info, live: Colors.success, final: 0x9ca3af, postponed: Colors.warning, cancelled: Colors.warning };
const MARKET: Record<string, string> = { h2h: '1X2', totals: 'Total goals', spreads: 'Handicap' };

/** "Arsenal 2 – 1 Chelsea", or "Arsenal v Chelsea" before a score. */
export function scoreLine(game: GameView): string {
  if (game.homeScore === null || game.awayScore === null) return `${game.homeTeam} v ${game.awayTeam}`;
  return `${game.homeTeam} ${game.homeScore} – ${game.awayScore} ${game.awayTeam}`;
}

/** The prices of an offer's market, one per line ("Arsenal **+110**"). */
export function priceLines(offer: QuickBetOffer, arrows: ReadonlyMap<string, string> = new Map()): string {
  return offer.selections.map((s) => `${s.label} **${s.shown}**${arrows.get(s.selection) ? ` ${arrows.get(s.selection)}` : ''}`).join('\n');
}

export const marketName = (market: string): string => MARKET[market] ?? market;

/**
 * A game's live scoreboard: the score, the state (kick-off time before it starts) and the main market's latest
 * prices in the server's odds format. A safe builder, so a long team or league name is clipped, never refused.
 */
export function scoreboardEmbed(game: GameView, offer: QuickBetOffer | null): SafeEmbedBuilder {
  const state = game.status === 'scheduled' ? `Kick-off <t:${Math.floor(game.startTime / 1000)}:R>` : STATUS[game.status];
  const embed = safeEmbed()
    .setColor(COLOR[game.status])
    .setTitle(scoreLine(game))
    .setDescription(`**${state}** · ${game.league}`)
    .setFooter({ text: `Game ${game.id} · ${game.status === 'final' ? 'final score' : 'kept current by DBSBM'}` });
  if (offer && offer.selections.length > 0 && game.status !== 'final') embed.addFields({ name: `Prices · ${marketName(offer.market)}`, value: priceLines(offer) });
  return embed;
}
