import type { StreamContext } from '../../services/context.ts';
import type { LiveBoard } from '../entities/live-boards.ts';
import { scoreboardEmbed } from '../views/scoreboard.ts';
import type { GameView, QuickBetOffer } from './betting-api.ts';
import { claimBoard, feedsOf, finishBoard, openBoards, setBoardMessage } from './board-store.ts';
import { isGone } from './discord-errors.ts';

/** A board whose claim is older than this and still has no message lost its post (a crash, Discord down): post again. */
const LOST_POST_MS = 30_000;

const over = (game: GameView): boolean => game.status === 'final' || game.status === 'postponed' || game.status === 'cancelled';

/**
 * Brings every board of a game up to date: a live game gets its message in each server's scoreboard channel (posted
 * once, whichever instance claims it), then each board — channel messages and game-thread scoreboards — is edited to
 * the game's state and prices as they are now. A board that showed the end of the game is finished.
 * Servers where the plugin is off are skipped. Returns how many messages were posted or edited.
 */
export async function refreshGameBoards(ctx: StreamContext, gameId: number): Promise<number> {
  const betting = ctx.use('betting');
  const game = await betting.game(gameId);
  if (!game) return 0;
  const offers = new Map<string, Promise<QuickBetOffer | null>>();
  const offerFor = (guildId: string): Promise<QuickBetOffer | null> => {
    let offer = offers.get(guildId);
    if (!offer) offers.set(guildId, (offer = betting.quickBetOffer(guildId, gameId)));
    return offer;
  };
  const allowed = new Map<string, Promise<boolean>>();
  const on = (guildId: string): Promise<boolean> => {
    let ok = allowed.get(guildId);
    if (!ok) allowed.set(guildId, (ok = ctx.gate(guildId).then((r) => r.ok)));
    return ok;
  };
  let changed = 0;
  const posted = new Set<string>();
  if (game.status === 'live') {
    for (const feed of await feedsOf(ctx, 'scoreboard')) {
      if (!(await on(feed.guildId))) continue;
      if (!(await claimBoard(ctx, { channelId: feed.channelId, gameId, guildId: feed.guildId, kind: 'channel' }))) continue;
      const sent = await ctx.discord.send(feed.channelId, { embeds: [scoreboardEmbed(game, await offerFor(feed.guildId))] });
      await setBoardMessage(ctx, feed.channelId, gameId, sent.id);
      posted.add(feed.channelId);
      changed += 1;
    }
  }
  for (const board of await openBoards(ctx, gameId)) {
    if (posted.has(board.channelId) || !(await on(board.guildId))) continue;
    if (await updateBoard(ctx, board, game, await offerFor(board.guildId))) changed += 1;
    if (over(game)) await finishBoard(ctx, board.channelId, gameId);
  }
  return changed;
}

/** Edits one board's message (or posts it, when its post was lost). False when there was nothing to edit. */
async function updateBoard(ctx: StreamContext, board: LiveBoard, game: GameView, offer: QuickBetOffer | null): Promise<boolean> {
  const embeds = [scoreboardEmbed(game, offer)];
  if (board.messageId === null) {
    if (Date.now() - board.claimedAt < LOST_POST_MS) return false;
    const sent = await ctx.discord.send(board.channelId, { embeds });
    await setBoardMessage(ctx, board.channelId, board.gameId, sent.id);
    return true;
  }
  try {
    await ctx.discord.edit(board.channelId, board.messageId, { embeds });
    return true;
  } catch (err) {
    if (!isGone(err)) throw err;
    // Deleted by a moderator (or the channel is gone): the board stops rather than failing every update.
    ctx.logger.info({ channelId: board.channelId, gameId: board.gameId }, 'a live scoreboard message is gone; it is no longer kept current');
    await finishBoard(ctx, board.channelId, board.gameId);
    return false;
  }
}
