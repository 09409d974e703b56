import type { EntitySchema } from '@mikro-orm/core';
import type { StreamPart } from '../parts.ts';
import { createLiveBoards } from '../migrations/Migration20261207200000_live_boards.ts';
import { liveCommand } from './commands/live-command.ts';
import { liveDiscordEntities } from './entities/live-boards.ts';
import { startLiveDiscord, stopLiveDiscord } from './services/live-runtime.ts';

export type { LiveBoard, LiveFeed } from './entities/live-boards.ts';
export type { LeaderboardUpdated } from './services/live-leaderboard.ts';
export { EDIT_INTERVAL_MS, POST_INTERVAL_MS } from './services/live-runtime.ts';

/**
 * Live in Discord: `/live scoreboard` (one message per live game in a channel, edited as scores and prices change),
 * `/live leaderboard` (a leaderboard message re-ranked as bets settle, also sent to the server's `leaderboard` topic)
 * and `/live game` (a thread per game with its scoreboard pinned and price updates carrying betting's Bet and Tail
 * buttons). Edits are coalesced within Discord's rate limits. See the plugin's README.md (Live in Discord).
 */
export const liveDiscordPart: StreamPart = {
  // Widened as the plugin definition's own `EntitySchema[]` is (a schema typed by its entity is not an `AnyEntity` one).
  entities: liveDiscordEntities as EntitySchema[],
  migrations: [createLiveBoards],
  commands: (ctx) => [liveCommand(ctx)],
  setup: (ctx) => void startLiveDiscord(ctx),
  teardown: (ctx) => stopLiveDiscord(ctx),
};
