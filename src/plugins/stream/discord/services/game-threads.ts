import { ChannelType, ThreadAutoArchiveDuration, type TextChannel } from 'discord.js';
import { Refusal } from 'dbsbm';
import type { StreamContext } from '../../services/context.ts';
import { priceUpdateEmbed } from '../views/price-update.ts';
import { scoreboardEmbed } from '../views/scoreboard.ts';
import { claimBoard, threadOf } from './board-store.ts';

/**
 * Opens a game's thread in a text channel (one per game per server): its scoreboard posted and pinned (then kept
 * current like every board), and the current prices posted with betting's Bet and Tail buttons. A game that has a
 * thread already answers with that thread.
 */
export async function openGameThread(ctx: StreamContext, channel: TextChannel, guildId: string, gameId: number): Promise<{ threadId: string; created: boolean }> {
  const existing = await threadOf(ctx, guildId, gameId);
  if (existing) return { threadId: existing.channelId, created: false };
  const betting = ctx.use('betting');
  const game = await betting.game(gameId);
  if (!game) throw new Refusal('INVALID_INPUT', 'That game was not found.', { next: 'Pick the game from the list that appears as you type.' });
  if (game.status !== 'scheduled' && game.status !== 'live') throw new Refusal('INVALID_INPUT', `${game.label} is over (${game.status}): there is nothing live to follow.`, { next: 'Pick a game that has not finished.' });
  const offer = await betting.quickBetOffer(guildId, gameId);
  const thread = await channel.threads.create({ name: game.label.slice(0, 100), type: ChannelType.PublicThread, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay, reason: `/live game ${gameId}` });
  const board = await thread.send({ embeds: [scoreboardEmbed(game, offer)] });
  if (!(await claimBoard(ctx, { channelId: thread.id, gameId, guildId, kind: 'thread', messageId: board.id }))) {
    // Not reachable with a fresh thread id; kept so a repeated id can never leave two rows for one message.
    return { threadId: thread.id, created: false };
  }
  await board.pin(`the live scoreboard of ${game.label}`);
  if (offer && offer.selections.length > 0) {
    await thread.send({ embeds: [priceUpdateEmbed(game, offer, new Map()).setTitle(`Prices · ${game.label}`)], components: betting.quickBetRows(offer) });
  }
  return { threadId: thread.id, created: true };
}
