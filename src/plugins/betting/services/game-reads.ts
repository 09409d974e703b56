import type { EntityManager } from '@mikro-orm/knex';
import { GameSchema, type Game, type GameStatus } from '../entities/game.ts';
import { OddsSnapshotSchema, type OddsSnapshot } from '../entities/odds-snapshot.ts';
import { gameLabel } from './games.ts';

/** A game as other plugins see it: plain data, with the label betting shows. */
export interface GameView {
  id: number;
  sport: string;
  league: string;
  homeTeam: string;
  awayTeam: string;
  /** Kick-off, epoch ms. */
  startTime: number;
  status: GameStatus;
  homeScore: number | null;
  awayScore: number | null;
  /** "Arsenal v Chelsea". */
  label: string;
}

/** One price of one selection at one time, decimal. */
export interface PriceView {
  market: string;
  selection: string;
  /** 0 for h2h. */
  line: number;
  price: number;
  at: number;
}

/** The plain view of a game entity. */
export function gameView(game: Game): GameView {
  return {
    id: game.id,
    sport: game.sport,
    league: game.league,
    homeTeam: game.homeTeam,
    awayTeam: game.awayTeam,
    startTime: game.startTime,
    status: game.status,
    homeScore: game.homeScore,
    awayScore: game.awayScore,
    label: gameLabel(game),
  };
}

/** The plain view of a price snapshot. */
export function priceView(o: OddsSnapshot): PriceView {
  return { market: o.market, selection: o.selection, line: o.line, price: o.price, at: o.at };
}

/** Every price of one market of a game, oldest first (opening prices come first). */
export async function priceHistory(em: EntityManager, gameId: number, market: string): Promise<PriceView[]> {
  const rows = await em.find(OddsSnapshotSchema, { gameId, market }, { orderBy: { at: 'asc', id: 'asc' } });
  return rows.map(priceView);
}

/** Finished games of a sport, in kick-off order (then id): what a rating model replays. */
export async function finishedGames(em: EntityManager, sport: string): Promise<GameView[]> {
  const rows = await em.find(GameSchema, { status: 'final', sport }, { orderBy: { startTime: 'asc', id: 'asc' } });
  return rows.map(gameView);
}

/** Games of a sport that have not started and are priced in `market`, soonest first. */
export async function pricedUpcomingGames(em: EntityManager, sport: string, market: string, now: number, limit: number): Promise<GameView[]> {
  const rows = (await em
    .getConnection()
    .execute(
      `select g.id from betting_games g where g.status = 'scheduled' and g.sport = ? and g.start_time > ?
       and exists (select 1 from betting_odds o where o.game_id = g.id and o.market = ?) order by g.start_time, g.id limit ${Math.max(1, Math.min(100, Math.floor(limit)))}`,
      [sport, now, market],
    )) as { id: number | string }[];
  const ids = rows.map((r) => Number(r.id));
  if (!ids.length) return [];
  const games = new Map((await em.find(GameSchema, { id: { $in: ids } })).map((g) => [g.id, g]));
  return ids.flatMap((id) => (games.has(id) ? [gameView(games.get(id)!)] : []));
}
