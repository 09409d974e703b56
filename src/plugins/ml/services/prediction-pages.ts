import { isRefusal } from 'dbsbm';
import type { MlContext } from './context.ts';
import { predictGame, type GamePrediction } from './predictor.ts';

/** Where a page of predictions ended: the last game's kick-off (epoch ms) and id, the order games are listed in. */
export interface GamePosition {
  kickoff: number;
  gameId: number;
}

/** What {@link predictionsAfter} lists. */
export interface PredictionQuery {
  /** Only games after this one (kick-off, then id); null for the first page. */
  after: GamePosition | null;
  /** Only this game (an empty list when it cannot be predicted). */
  gameId?: number;
  /** Only games of this league, e.g. `premier-league`. */
  league?: string;
  /** Predictions wanted; one more is returned when there are more, so the caller can tell. */
  limit: number;
  now?: number;
}

// The most games betting lists at once; a longer list is read in slices from the last game seen.
const SLICE = 100;

const isAfter = (g: { startTime: number; id: number }, at: GamePosition | null): boolean =>
  !at || g.startTime > at.kickoff || (g.startTime === at.kickoff && g.id > at.gameId);

/** The prediction of a game, or null when the model cannot predict it (the same refusals `/predict game` shows). */
async function predictionOrNull(ctx: MlContext, gameId: number, now: number): Promise<GamePrediction | null> {
  try {
    return await predictGame(ctx, gameId, now);
  } catch (err) {
    if (isRefusal(err)) return null;
    throw err;
  }
}

/**
 * Predictions of upcoming soccer games priced three ways, soonest first, as `upcomingPredictions` makes them
 * (a game the model cannot predict, or without current prices, is left out), read page by page from a position:
 * at most `limit + 1`, so a page knows whether another follows.
 */
export async function predictionsAfter(ctx: MlContext, query: PredictionQuery): Promise<GamePrediction[]> {
  const now = query.now ?? Date.now();
  const wanted = (p: GamePrediction | null): p is GamePrediction => p !== null && p.current !== null && (!query.league || p.league === query.league) && isAfter({ startTime: p.kickoff, id: p.gameId }, query.after);
  if (query.gameId !== undefined) {
    const one = await predictionOrNull(ctx, query.gameId, now);
    return wanted(one) ? [one] : [];
  }
  const betting = ctx.use('betting');
  const out: GamePrediction[] = [];
  let from = query.after;
  for (;;) {
    // Betting lists games kicking off after a time: ask from just before the position's kick-off and drop the games
    // at or before the position itself (same kick-off, lower id).
    const games = await betting.pricedUpcomingGames({ sport: 'soccer', market: 'h2h', now: from ? Math.max(now, from.kickoff - 1) : now, limit: SLICE });
    const fresh = games.filter((g) => isAfter(g, from) && (!query.league || g.league === query.league));
    for (const g of fresh) {
      const p = await predictionOrNull(ctx, g.id, now);
      if (!wanted(p)) continue;
      out.push(p);
      if (out.length > query.limit) return out;
    }
    const last = games.at(-1);
    // A short slice is the end; so is a slice that did not move past the position (over 100 games at one kick-off).
    if (games.length < SLICE || !last || !isAfter(last, from)) return out;
    from = { kickoff: last.startTime, gameId: last.id };
  }
}
