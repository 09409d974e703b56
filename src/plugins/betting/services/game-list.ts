import type { EntityManager } from '@mikro-orm/knex';
import { Refusal } from 'dbsbm';
import { GameSchema, type Game, type GameStatus } from '../entities/game.ts';
import type { OddsSnapshot } from '../entities/odds-snapshot.ts';
import { latestPrices } from './games.ts';
import { afterRow, type Keyset } from './keyset.ts';

/** Which games a list shows. Games are shared by every server. */
export interface GameFilter {
  status?: GameStatus;
  sport?: string;
  league?: string;
  /** Kick-off at or after, epoch ms. */
  from?: number;
  /** Kick-off before, epoch ms. */
  to?: number;
}

/** A page of games matching `filter`, by kick-off (then id) in the keyset's order. */
export async function listGames(em: EntityManager, filter: GameFilter, keyset: Keyset): Promise<Game[]> {
  const kickoff: Record<string, number> = {};
  if (filter.from !== undefined) kickoff.$gte = filter.from;
  if (filter.to !== undefined) kickoff.$lt = filter.to;
  const where = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.sport ? { sport: filter.sport } : {}),
    ...(filter.league ? { league: filter.league } : {}),
    ...(Object.keys(kickoff).length ? { startTime: kickoff } : {}),
    ...afterRow('startTime', keyset),
  };
  return em.find(GameSchema, where, { orderBy: { startTime: keyset.order, id: keyset.order }, limit: keyset.limit });
}

/** A game and the latest price of each of its selections (per market and line); GAME_NOT_FOUND when there is none. */
export async function gameWithPrices(em: EntityManager, gameId: number): Promise<{ game: Game; prices: OddsSnapshot[] }> {
  const game = await em.findOne(GameSchema, { id: gameId });
  if (!game) throw new Refusal('GAME_NOT_FOUND', `There is no game ${gameId}.`);
  return { game, prices: await latestPrices(em, gameId) };
}
