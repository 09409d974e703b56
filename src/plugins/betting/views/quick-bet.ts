import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { QuickBetOffer } from '../services/quick-bet.ts';

/** A Bet button's pick as its custom id carries it. */
export interface QuickBetButton {
  gameId: number;
  market: string;
  selection: string;
  line: number;
  decimal: number;
  units: number;
}

const BET_ID = /^betting:qb:(\d+):(h2h|totals|spreads):(home|draw|away|over|under):(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/;
const TAIL_ID = /^betting:qt:(\d+)$/;

/** The custom id of a Bet button (well under Discord's 100 characters). */
export const quickBetId = (b: QuickBetButton): string => `betting:qb:${b.gameId}:${b.market}:${b.selection}:${b.line}:${b.decimal}:${b.units}`;

/** The custom id of the Tail button of a game. */
export const quickTailId = (gameId: number): string => `betting:qt:${gameId}`;

/** Reads a Bet or Tail button's custom id; null for any other id. */
export function parseQuickBetId(customId: string): ({ kind: 'bet' } & QuickBetButton) | { kind: 'tail'; gameId: number } | null {
  const bet = BET_ID.exec(customId);
  if (bet) {
    return { kind: 'bet', gameId: Number(bet[1]), market: bet[2]!, selection: bet[3]!, line: Number(bet[4]), decimal: Number(bet[5]), units: Number(bet[6]) };
  }
  const tail = TAIL_ID.exec(customId);
  return tail ? { kind: 'tail', gameId: Number(tail[1]) } : null;
}

/**
 * One row: a Bet button per selection of the offer's market at the shown price ("Arsenal +110 · 1u"), and a Tail
 * button when another bet is open on the game. Empty when the game no longer takes bets.
 */
export function quickBetRows(offer: QuickBetOffer): ActionRowBuilder<ButtonBuilder>[] {
  if (!offer.open || offer.selections.length === 0) return [];
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const s of offer.selections.slice(0, 4)) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(quickBetId({ gameId: offer.gameId, market: offer.market, selection: s.selection, line: s.line, decimal: s.decimal, units: offer.units }))
        .setLabel(`${s.label} ${s.shown} · ${offer.units}u`.slice(0, 80))
        .setStyle(ButtonStyle.Primary),
    );
  }
  if (offer.tailable) row.addComponents(new ButtonBuilder().setCustomId(quickTailId(offer.gameId)).setLabel('Tail').setStyle(ButtonStyle.Success));
  return [row];
}
