import type { ApiRoute } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { betEndpoints } from './bets.ts';
import { capperEndpoints } from './cappers.ts';
import { gameEndpoints } from './games.ts';
import { leaderboardEndpoints } from './leaderboard.ts';
import { parlayEndpoints } from './parlays.ts';
import { statsEndpoints } from './stats.ts';

/**
 * Betting's public API under `/api/v1/betting`: games and prices, the key's server's bets and parlays (placed and
 * cancelled through the same services as the slash commands, as the key's creator), stats, leaderboard and cappers.
 */
export function bettingEndpoints(ctx: BettingContext): ApiRoute[] {
  return [...gameEndpoints(ctx), ...betEndpoints(ctx), ...parlayEndpoints(ctx), ...statsEndpoints(ctx), ...leaderboardEndpoints(ctx), ...capperEndpoints(ctx)];
}
