import type { EntityManager } from '@mikro-orm/knex';
import { GameSchema, type Game } from '../entities/game.ts';
import { OddsSnapshotSchema, type OddsSnapshot } from '../entities/odds-snapshot.ts';
import { removeMargin } from './odds.ts';

/** The selections of each market, in the order used to de-margin a book. */
export const MARKET_SELECTIONS: Record<string, readonly string[]> = {
  h2h: ['home', 'draw', 'away'],
  totals: ['over', 'under'],
  spreads: ['home', 'away'],
};

/** A human label for a selection, in the game's terms ("Arsenal", "Draw", "Over 2.5"). */
export function selectionLabel(game: Pick<Game, 'homeTeam' | 'awayTeam'>, market: string, selection: string, line: number | null): string {
  const team = selection === 'home' ? game.homeTeam : selection === 'away' ? game.awayTeam : selection === 'draw' ? 'Draw' : selection === 'over' ? 'Over' : 'Under';
  if (market === 'totals') return `${team} ${line ?? ''}`.trim();
  if (market === 'spreads' && line !== null) return `${team} ${line > 0 ? '+' : ''}${line}`;
  return team;
}

export const gameLabel = (game: Pick<Game, 'homeTeam' | 'awayTeam'>): string => `${game.homeTeam} v ${game.awayTeam}`;

/** Games that have not started, soonest first, optionally matching text in a team or league. */
export async function upcomingGames(em: EntityManager, now: number, search = '', limit = 25): Promise<Game[]> {
  const where: Record<string, unknown> = { status: 'scheduled', startTime: { $gt: now } };
  if (search.trim()) {
    const like = `%${search.trim()}%`;
    where.$or = [{ homeTeam: { $like: like } }, { awayTeam: { $like: like } }, { league: { $like: like } }];
  }
  return em.find(GameSchema, where, { orderBy: { startTime: 'asc' }, limit });
}

/** The latest price of every selection of a game (per market and line), as of `at` (default: now). */
export async function latestPrices(em: EntityManager, gameId: number, at = Number.MAX_SAFE_INTEGER): Promise<OddsSnapshot[]> {
  const rows = await em.find(OddsSnapshotSchema, { gameId, at: { $lte: at } }, { orderBy: { at: 'desc', id: 'desc' } });
  const seen = new Set<string>();
  const latest: OddsSnapshot[] = [];
  for (const row of rows) {
    const key = `${row.market}|${row.selection}|${row.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    latest.push(row);
  }
  return latest;
}

/**
 * The fair (de-margined) decimal price of a selection from a set of latest prices, or null when the market is not
 * complete (a book needs every selection to remove its margin).
 */
export function fairDecimal(prices: OddsSnapshot[], market: string, selection: string, line: number): number | null {
  const selections = MARKET_SELECTIONS[market];
  if (!selections) return null;
  const book = selections.map((s) => prices.find((p) => p.market === market && p.selection === s && p.line === line)?.price);
  const hasDraw = market === 'h2h' && book[1] !== undefined;
  const used = market === 'h2h' && !hasDraw ? [book[0], book[2]] : book;
  if (used.some((p) => p === undefined)) return null;
  const fair = removeMargin(used as number[]);
  const order = market === 'h2h' && !hasDraw ? ['home', 'away'] : selections;
  const index = order.indexOf(selection);
  return index >= 0 && fair[index]! > 0 ? 1 / fair[index]! : null;
}
