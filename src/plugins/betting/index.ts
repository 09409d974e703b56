import { definePlugin } from 'dbsbm';
import { bettingApi } from './api/index.ts';
import { betCommand } from './commands/bet-command.ts';
import { capperCommand } from './commands/capper-command.ts';
import { leaderboardCommand } from './commands/leaderboard-command.ts';
import { limitsCommand } from './commands/limits-command.ts';
import { statsCommand } from './commands/stats-command.ts';
import { bettingEntities } from './entities/index.ts';
import { BETTING_EVENTS } from './events.ts';
import { bettingEndpoints } from './endpoints/index.ts';
import { feedFromOptions } from './feeds/from-options.ts';
import { runningFeeds } from './feeds/running.ts';
import { announceSubscribers } from './subscribers/announce.ts';
import { referenceCacheSubscribers } from './subscribers/reference-cache.ts';
import { createAnnouncementTables } from './migrations/Migration20261204020000_announcements.ts';
import { parlayBuilderButtonHandler, parlayBuilderSelectHandler } from './interactions/parlay-builder-handlers.ts';
import { tailFadeHandler } from './interactions/tail-fade-handler.ts';
import { quickBetHandler } from './interactions/quick-bet-handler.ts';
import { createBettingTables } from './migrations/Migration20261124010000_betting.ts';
import { coverUnitRecords } from './migrations/Migration20261124020000_unit_records_cover.ts';
import { addBetVerified } from './migrations/Migration20261204010000_bet_verified.ts';
import { indexBetSource } from './migrations/Migration20261207080000_bet_source_index.ts';
import { indexBetList } from './migrations/Migration20261207110000_bet_list_index.ts';
import { createFeedSink } from './services/feed-ingest.ts';
import { BETTING_REFUSALS } from './refusals.ts';
import { bettingOptions, bettingSettings } from './settings.ts';

// One feed per app, also read by the commands to say when the next game opens.
const feeds = runningFeeds;

/**
 * Betting: bets, parlays, odds, grading, stats and leaderboards, fed by a replay of real matches or a live odds API.
 * The base every analysis plugin requires. See README.md beside this file.
 */
export default definePlugin({
  name: 'betting',
  version: '1.0.0',
  description: 'Bets, parlays, grading, stats and leaderboards',
  tier: 'free',
  options: bettingOptions,
  settings: bettingSettings,
  entities: bettingEntities,
  migrations: [createBettingTables, coverUnitRecords, addBetVerified, createAnnouncementTables, indexBetSource, indexBetList],
  commands: (ctx) => [betCommand(ctx), statsCommand(ctx), leaderboardCommand(ctx), capperCommand(ctx), limitsCommand(ctx)],
  interactionHandlers: (ctx) => [tailFadeHandler(ctx), quickBetHandler(ctx), parlayBuilderSelectHandler(ctx), parlayBuilderButtonHandler(ctx)],
  events: BETTING_EVENTS,
  provides: (ctx) => bettingApi(ctx),
  endpoints: (ctx) => bettingEndpoints(ctx),
  refusals: BETTING_REFUSALS,
  subscribers: {
    ...announceSubscribers,
    ...referenceCacheSubscribers,
    // The feed starts once the app is up (not at boot), so tools that boot the app briefly never ingest anything.
    'core.ready': async (_payload, ctx) => {
      const feed = feedFromOptions(ctx.options.feed, ctx.logger);
      if (!feed || feeds.has(ctx)) return;
      feeds.set(ctx, feed);
      // The feed runs in the background; a failing event is logged by the feed and the next one goes on.
      void feed.start(createFeedSink(ctx, feed.name)).catch((err: unknown) => ctx.logger.error({ err }, `feed "${feed.name}" stopped`));
      ctx.logger.info({ feed: feed.name }, 'betting feed started');
    },
  },
  async teardown(ctx) {
    await feeds.get(ctx)?.stop();
  },
});

export { createFeedSink } from './services/feed-ingest.ts';
export type { BettingApi } from './api/index.ts';
