import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { StreamContext } from '../../services/context.ts';
import { LiveBoardSchema, LiveFeedSchema, type LiveBoard, type LiveBoardKind, type LiveFeed, type LiveFeedKind } from '../entities/live-boards.ts';

/** Stores a server's scoreboard channel or leaderboard message (one of each per server; a new one replaces the old). */
export async function saveFeed(ctx: StreamContext, feed: Omit<LiveFeed, 'updatedAt'>): Promise<void> {
  const em = ctx.em();
  await em.upsert(LiveFeedSchema, { ...feed, updatedAt: Date.now() });
}

/** A server's scoreboard channel or leaderboard message, if it set one. */
export function feedOf(ctx: StreamContext, guildId: string, kind: LiveFeedKind): Promise<LiveFeed | null> {
  return ctx.em().findOne(LiveFeedSchema, { guildId, kind });
}

/** Every server's scoreboard channel (or leaderboard message). */
export function feedsOf(ctx: StreamContext, kind: LiveFeedKind): Promise<LiveFeed[]> {
  return ctx.em().find(LiveFeedSchema, { kind });
}

/** The boards of a game still being kept current. */
export function openBoards(ctx: StreamContext, gameId: number, kind?: LiveBoardKind): Promise<LiveBoard[]> {
  return ctx.em().find(LiveBoardSchema, { gameId, finishedAt: null, ...(kind ? { kind } : {}) });
}

/** The thread a server opened for a game, if any. */
export function threadOf(ctx: StreamContext, guildId: string, gameId: number): Promise<LiveBoard | null> {
  return ctx.em().findOne(LiveBoardSchema, { guildId, gameId, kind: 'thread' });
}

/**
 * Claims the board of a game in a channel before its message is posted: true for the one caller (on any instance)
 * whose insert wins, false when the board exists already.
 */
export async function claimBoard(ctx: StreamContext, board: Pick<LiveBoard, 'channelId' | 'gameId' | 'guildId' | 'kind'> & { messageId?: string | null }): Promise<boolean> {
  try {
    await ctx.em().insert(LiveBoardSchema, { messageId: null, ...board, claimedAt: Date.now(), finishedAt: null });
    return true;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return false;
    throw err;
  }
}

/** Records the message a claimed board was posted as. */
export async function setBoardMessage(ctx: StreamContext, channelId: string, gameId: number, messageId: string): Promise<void> {
  await ctx.em().nativeUpdate(LiveBoardSchema, { channelId, gameId }, { messageId });
}

/** Marks a board done: it showed the final state (or its message is gone) and is not edited again. */
export async function finishBoard(ctx: StreamContext, channelId: string, gameId: number): Promise<void> {
  await ctx.em().nativeUpdate(LiveBoardSchema, { channelId, gameId }, { finishedAt: Date.now() });
}
