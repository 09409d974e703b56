import type { DbsbmServices } from 'dbsbm';

/**
 * What the live boards read from betting, through `ctx.use('betting')`: types come from the service declaration
 * (`DbsbmServices`), never from betting's files.
 */
export type BettingApi = DbsbmServices['betting'];
export type GameView = NonNullable<Awaited<ReturnType<BettingApi['game']>>>;
export type QuickBetOffer = NonNullable<Awaited<ReturnType<BettingApi['quickBetOffer']>>>;
export type LeaderboardMetric = Parameters<BettingApi['leaderboard']>[1];
export type Period = Parameters<BettingApi['leaderboard']>[2];
export type LeaderboardRow = Awaited<ReturnType<BettingApi['leaderboard']>>[number];
