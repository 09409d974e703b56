import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** What a server asked to keep current: the scoreboard channel (a message per live game) or the leaderboard message. */
export const LIVE_FEED_KINDS = ['scoreboard', 'leaderboard'] as const;
export type LiveFeedKind = (typeof LIVE_FEED_KINDS)[number];

/** A server's `/live scoreboard` or `/live leaderboard` choice: one of each per server. */
export interface LiveFeed {
  guildId: string;
  kind: LiveFeedKind;
  channelId: string;
  /** The leaderboard message (null for the scoreboard channel, whose messages are boards). */
  messageId: string | null;
  /** The leaderboard's metric and period (null for the scoreboard). */
  metric: string | null;
  period: string | null;
  updatedAt: number;
}

export const LiveFeedSchema = new EntitySchema<LiveFeed>({
  name: 'StreamLiveFeed',
  tableName: 'stream_live_feeds',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    kind: { type: 'string', length: 16, primary: true },
    channelId: { type: 'string', length: 32 },
    messageId: { type: 'string', length: 32, nullable: true },
    metric: { type: 'string', length: 16, nullable: true },
    period: { type: 'string', length: 16, nullable: true },
    updatedAt: { type: new BigIntType('number') },
  },
});

/** Where a board is: a message in the scoreboard channel, or the pinned scoreboard of a `/live game` thread. */
export const LIVE_BOARD_KINDS = ['channel', 'thread'] as const;
export type LiveBoardKind = (typeof LIVE_BOARD_KINDS)[number];

/**
 * One scoreboard message of one game, edited as its score and prices change. The row is claimed (inserted) before
 * the message is posted, so two instances never post two boards for one game in one channel.
 */
export interface LiveBoard {
  /** The channel the message is in (the thread, for a game thread). */
  channelId: string;
  gameId: number;
  guildId: string;
  kind: LiveBoardKind;
  /** Null between the claim and the post (or when the post failed: the next event posts it). */
  messageId: string | null;
  claimedAt: number;
  /** When the final score was shown: the board is no longer edited. */
  finishedAt: number | null;
}

export const LiveBoardSchema = new EntitySchema<LiveBoard>({
  name: 'StreamLiveBoard',
  tableName: 'stream_live_boards',
  indexes: [{ name: 'stream_live_boards_game_index', properties: ['gameId'] }],
  properties: {
    channelId: { type: 'string', length: 32, primary: true },
    gameId: { type: 'integer', primary: true },
    guildId: { type: 'string', length: 32 },
    kind: { type: 'string', length: 16 },
    messageId: { type: 'string', length: 32, nullable: true },
    claimedAt: { type: new BigIntType('number') },
    finishedAt: { type: new BigIntType('number'), nullable: true },
  },
});

export const liveDiscordEntities = [LiveFeedSchema, LiveBoardSchema];
