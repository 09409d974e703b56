import { fileURLToPath } from 'node:url';
import type { FeedLogger } from './feed-logger.ts';
import { OddsApiFeed } from './odds-api-feed.ts';
import type { FeedProvider } from './provider.ts';
import { ReplayFeed } from './replay-feed.ts';
import type { BettingOptions } from '../settings.ts';

/** The season shipped with the project: England's Premier League 2022-2023 (see data/README.md). */
export const DEFAULT_REPLAY_FILE = fileURLToPath(new URL('../data/england-premier-league-2022-2023.csv', import.meta.url));

/** Builds the feed the plugin options ask for, or none. */
export function feedFromOptions(feed: BettingOptions['feed'], logger: FeedLogger): FeedProvider | null {
  switch (feed.kind) {
    case 'replay':
      return new ReplayFeed({
        file: feed.file ?? DEFAULT_REPLAY_FILE,
        speed: feed.speed,
        limit: feed.limit,
        leadMinutes: feed.leadMinutes,
        loop: feed.loop,
        ...(feed.minUpcoming !== undefined ? { minUpcoming: feed.minUpcoming } : {}),
        logger,
      });
    case 'odds-api':
      return new OddsApiFeed({ apiKey: feed.apiKey, sports: feed.sports, baseUrl: feed.baseUrl, logger });
    default:
      return null;
  }
}
