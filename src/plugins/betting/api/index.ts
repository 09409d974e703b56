import type { BettingContext } from '../services/context.ts';
import { gamesApi, type BettingGamesApi } from './games.ts';
import { membersApi, type BettingMembersApi } from './members.ts';
import { quickBetsApi, type BettingQuickBetsApi } from './quick-bets.ts';
import { recordsApi, type BettingRecordsApi } from './records.ts';
import { statsApi, type BettingStatsApi } from './stats.ts';

/**
 * What the betting plugin provides to the plugins that require it, through `ctx.use('betting')`: the only way
 * another plugin reads betting's data (never its files, never its tables).
 * @since 1.1.0
 */
export interface BettingApi extends BettingStatsApi, BettingRecordsApi, BettingGamesApi, BettingMembersApi, BettingQuickBetsApi {}

declare module 'dbsbm' {
  interface DbsbmServices {
    betting: BettingApi;
  }
}

export function bettingApi(ctx: BettingContext): BettingApi {
  return { ...statsApi(ctx), ...recordsApi(ctx), ...gamesApi(ctx), ...membersApi(ctx), ...quickBetsApi(ctx) };
}
