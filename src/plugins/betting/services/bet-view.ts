import type { EntityManager } from '@mikro-orm/knex';
import { BetLegSchema, type BetLeg } from '../entities/bet-leg.ts';
import type { Bet } from '../entities/bet.ts';
import { CapperSchema } from '../entities/capper.ts';
import { GameSchema, type Game } from '../entities/game.ts';
import type { BettingContext } from './context.ts';
import type { Placed } from './placement.ts';
import { referenceCache } from './reference-cache.ts';

/** Everything a bet slip shows: the bet's games, its legs and the capper's display name. */
export interface SlipParts {
  games: Game[];
  legs: BetLeg[];
  capperName?: string;
}

/** Everything a bet slip shows, read from the database (settled slips, results). */
export async function loadSlip(em: EntityManager, bet: Bet): Promise<SlipParts> {
  const legs = bet.type === 'parlay' ? await em.find(BetLegSchema, { betId: bet.id }, { orderBy: { id: 'asc' } }) : [];
  const ids = bet.gameId !== null ? [bet.gameId] : legs.map((l) => l.gameId);
  const games = ids.length ? await em.find(GameSchema, { id: { $in: ids } }) : [];
  const capper = await em.findOne(CapperSchema, { guildId: bet.guildId, userId: bet.userId });
  return { games, legs, capperName: capper?.displayName };
}

/**
 * The slip of a bet just placed: its games as placement carried them (the ones it checked were open), the capper's
 * name from the reference cache, and a parlay's legs as stored. A duplicate answered with an earlier bet of other
 * games reads them.
 */
export async function placedSlip(ctx: BettingContext, placed: Placed): Promise<SlipParts> {
  const { bet } = placed;
  const legs = bet.type === 'parlay' ? await ctx.em().find(BetLegSchema, { betId: bet.id }, { orderBy: { id: 'asc' } }) : [];
  const ids = bet.gameId !== null ? [bet.gameId] : legs.map((l) => l.gameId);
  const carried = ids.map((id) => placed.games.find((g) => g.id === id));
  const games = carried.every((g) => g !== undefined) ? (carried as Game[]) : ids.length ? await ctx.em().find(GameSchema, { id: { $in: ids } }) : [];
  return { games, legs, capperName: await referenceCache(ctx).capperName(bet.guildId, bet.userId) };
}
