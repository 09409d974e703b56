import type { EntityManager } from '@mikro-orm/knex';
import { BetLegSchema, type BetLeg } from '../entities/bet-leg.ts';
import type { Bet } from '../entities/bet.ts';
import { CapperSchema } from '../entities/capper.ts';
import { GameSchema, type Game } from '../entities/game.ts';

/** Everything a bet slip shows: the bet's games, its legs and the capper's display name. */
export async function loadSlip(em: EntityManager, bet: Bet): Promise<{ games: Game[]; legs: BetLeg[]; capperName?: string }> {
  const legs = bet.type === 'parlay' ? await em.find(BetLegSchema, { betId: bet.id }, { orderBy: { id: 'asc' } }) : [];
  const ids = bet.gameId !== null ? [bet.gameId] : legs.map((l) => l.gameId);
  const games = ids.length ? await em.find(GameSchema, { id: { $in: ids } }) : [];
  const capper = await em.findOne(CapperSchema, { guildId: bet.guildId, userId: bet.userId });
  return { games, legs, capperName: capper?.displayName };
}
