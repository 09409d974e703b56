import type { BettingContext } from '../services/context.ts';
import { finishedGames, gameView, priceHistory, priceView, pricedUpcomingGames, type GameView, type PriceView } from '../services/game-reads.ts';
import { latestPrices, upcomingGames } from '../services/games.ts';
import { GameSchema } from '../entities/game.ts';

export type { GameView, PriceView };

/** Games and prices the feed knows (ML reads these). Games are shared by every server. */
export interface BettingGamesApi {
  /**
   * Games that have not started, soonest first, optionally matching text in a team or league (what `/bet`
   * autocompletes).
   * @default now = Date.now(), search = '', limit = 25
   */
  upcomingGames(options?: { now?: number; search?: string; limit?: number }): Promise<GameView[]>;
  /** Games of `sport` that have not started and are priced in `market`, soonest first (at most 100). */
  pricedUpcomingGames(options: { sport: string; market: string; now?: number; limit?: number }): Promise<GameView[]>;
  /** One game by id, or null when there is none. */
  game(gameId: number): Promise<GameView | null>;
  /** The latest price of every selection of a game (per market and line), as of `at` (default: now). */
  latestPrices(gameId: number, at?: number): Promise<PriceView[]>;
  /** Every price of one market of a game, oldest first: the first price of each selection is its opening price. */
  priceHistory(gameId: number, market: string): Promise<PriceView[]>;
  /** Finished games of a sport with their scores, in kick-off order (then id), e.g. to keep ratings current. */
  finishedGames(sport: string): Promise<GameView[]>;
}

export function gamesApi(ctx: BettingContext): BettingGamesApi {
  return {
    upcomingGames: async ({ now = Date.now(), search = '', limit = 25 } = {}) => (await upcomingGames(ctx.em(), now, search, limit)).map(gameView),
    pricedUpcomingGames: ({ sport, market, now = Date.now(), limit = 25 }) => pricedUpcomingGames(ctx.em(), sport, market, now, limit),
    game: async (gameId) => {
      const game = await ctx.em().findOne(GameSchema, { id: gameId });
      return game ? gameView(game) : null;
    },
    latestPrices: async (gameId, at) => (await latestPrices(ctx.em(), gameId, at)).map(priceView),
    priceHistory: (gameId, market) => priceHistory(ctx.em(), gameId, market),
    finishedGames: (sport) => finishedGames(ctx.em(), sport),
  };
}
