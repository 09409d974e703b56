import type { StreamContext } from '../../services/context.ts';
import { appendGuildEvent } from '../../services/guild-topics.ts';
import { leaderboardEmbed } from '../views/leaderboard.ts';
import type { LeaderboardMetric, LeaderboardRow, Period } from './betting-api.ts';
import { feedOf, saveFeed } from './board-store.ts';
import { isGone } from './discord-errors.ts';

/** The board a server gets on its `leaderboard` topic when it has not chosen one with `/live leaderboard`. */
export const DEFAULT_BOARD = { metric: 'net', period: 'month' } as const satisfies { metric: LeaderboardMetric; period: Period };

/** Rows a leaderboard message and a `leaderboard.updated` event carry. */
export const LEADERBOARD_ROWS = 10;

/** The data of a `leaderboard.updated` event on a server's `leaderboard` topic. */
export interface LeaderboardUpdated {
  metric: LeaderboardMetric;
  period: Period;
  at: number;
  rows: LeaderboardRow[];
}

/**
 * Re-renders a server's leaderboard after bets settled: edits its `/live leaderboard` message (posting a new one if
 * the old was deleted) and appends `leaderboard.updated` to the server's `leaderboard` topic for API clients.
 */
export async function refreshLeaderboard(ctx: StreamContext, guildId: string, now = Date.now()): Promise<LeaderboardUpdated> {
  const betting = ctx.use('betting');
  const feed = await feedOf(ctx, guildId, 'leaderboard');
  const metric = (feed?.metric ?? DEFAULT_BOARD.metric) as LeaderboardMetric;
  const period = (feed?.period ?? DEFAULT_BOARD.period) as Period;
  const rows = await betting.leaderboard(guildId, metric, period, now, LEADERBOARD_ROWS);
  if (feed) {
    const embeds = [leaderboardEmbed(betting.format, metric, period, rows, now)];
    if (!feed.messageId || !(await editUnlessGone(ctx, feed.channelId, feed.messageId, embeds))) {
      const sent = await ctx.discord.send(feed.channelId, { embeds });
      await saveFeed(ctx, { ...feed, messageId: sent.id });
    }
  }
  const data: LeaderboardUpdated = { metric, period, at: now, rows };
  await appendGuildEvent(ctx, guildId, 'leaderboard', 'leaderboard.updated', data);
  return data;
}

/** Edits a message; false when Discord says it is gone (deleted by a moderator), so the caller posts it again. */
async function editUnlessGone(ctx: StreamContext, channelId: string, messageId: string, embeds: ReturnType<typeof leaderboardEmbed>[]): Promise<boolean> {
  try {
    await ctx.discord.edit(channelId, messageId, { embeds });
    return true;
  } catch (err) {
    if (isGone(err)) return false;
    throw err;
  }
}
