import type { EntityManager } from '@mikro-orm/knex';
import { Refusal } from 'dbsbm';
import { BetLegSchema, type BetLeg } from '../entities/bet-leg.ts';
import { BetSchema, OPEN_STATUSES, SETTLED_STATUSES, type Bet, type BetStatus, type BetType } from '../entities/bet.ts';
import { afterRow, type Keyset } from './keyset.ts';

/** A bet with its legs (none for a straight bet). */
export interface BetWithLegs {
  bet: Bet;
  legs: BetLeg[];
}

/** Which of a server's bets a list shows. */
export interface BetFilter {
  guildId: string;
  userId?: string;
  /** One status, or `open` (pending or live) / `settled` (won, lost, push or void) as `/bet list` groups them. */
  status?: BetStatus | 'open' | 'settled';
  type?: BetType;
  /** Straight bets of this market (parlays have no market of their own). */
  market?: string;
  /** Bets on this game: straight bets on it and parlays with a leg on it. */
  gameId?: number;
}

function statusWhere(status: BetFilter['status']): Record<string, unknown> {
  if (status === undefined) return {};
  if (status === 'open') return { status: { $in: [...OPEN_STATUSES] } };
  if (status === 'settled') return { status: { $in: [...SETTLED_STATUSES] } };
  return { status };
}

/** The legs of each parlay among `bets`, read in one query. */
export async function withLegs(em: EntityManager, bets: Bet[]): Promise<BetWithLegs[]> {
  const parlays = bets.filter((b) => b.type === 'parlay').map((b) => b.id);
  const legs = parlays.length ? await em.find(BetLegSchema, { betId: { $in: parlays } }, { orderBy: { betId: 'asc', id: 'asc' } }) : [];
  return bets.map((bet) => ({ bet, legs: legs.filter((l) => l.betId === bet.id) }));
}

/** A page of a server's bets matching `filter`, by placing time (then id) in the keyset's order. */
export async function listBets(em: EntityManager, filter: BetFilter, keyset: Keyset): Promise<BetWithLegs[]> {
  const conditions: Record<string, unknown>[] = [{ guildId: filter.guildId }, statusWhere(filter.status), afterRow('placedAt', keyset)];
  if (filter.userId) conditions.push({ userId: filter.userId });
  if (filter.type) conditions.push({ type: filter.type });
  if (filter.market) conditions.push({ market: filter.market });
  if (filter.gameId !== undefined) {
    // A parlay is on a game through its legs: a subquery, so the list stays one statement however many legs match.
    const legsOnGame = em.createQueryBuilder(BetLegSchema, 'l').select('l.bet_id').where({ gameId: filter.gameId });
    conditions.push({ $or: [{ gameId: filter.gameId }, { id: { $in: legsOnGame.getKnexQuery() } }] });
  }
  const bets = await em.find(BetSchema, { $and: conditions }, { orderBy: { placedAt: keyset.order, id: keyset.order }, limit: keyset.limit });
  return withLegs(em, bets);
}

/** One bet of a server with its legs; BET_NOT_FOUND when it does not exist or belongs to another server. */
export async function betOfGuild(em: EntityManager, guildId: string, betId: number): Promise<BetWithLegs> {
  const bet = await em.findOne(BetSchema, { id: betId, guildId });
  if (!bet) throw new Refusal('BET_NOT_FOUND', `There is no bet #${betId} in this server.`);
  return (await withLegs(em, [bet]))[0]!;
}
