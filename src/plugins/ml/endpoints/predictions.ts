import { decodeCursor, defineRoute, pageFrom, pageOf, Refusal } from 'dbsbm';
import { z } from 'zod';
import type { MlContext } from '../services/context.ts';
import { edgeOf } from '../services/insights/index.ts';
import { predictionsAfter, type GamePosition } from '../services/prediction-pages.ts';
import { predictGame, type GamePrediction } from '../services/predictor.ts';
import { recordPredictionOnce } from '../services/tracking.ts';
import { predictionShape } from './shapes.ts';

type PredictionBody = z.input<typeof predictionShape>;

/** A prediction as the API shows it; the edge of each result is the insights' (the same as `/value`'s). */
function predictionBody(p: GamePrediction): PredictionBody {
  return {
    gameId: p.gameId,
    label: p.label,
    league: p.league,
    homeTeam: p.homeTeam,
    awayTeam: p.awayTeam,
    kickoff: new Date(p.kickoff).toISOString(),
    model: p.model,
    marketOpen: p.marketOpen,
    marketNow: p.marketNow,
    prices: p.current,
    edge: p.current ? { home: edgeOf(p.model.home, p.current.home), draw: edgeOf(p.model.draw, p.current.draw), away: edgeOf(p.model.away, p.current.away) } : null,
    pick: p.pick,
    confidence: p.confidence,
    movement: { change: p.movement.change, alerts: p.movement.alerts },
    modelVersion: p.modelVersion,
  };
}

/**
 * Stores a prediction as shown to the key's creator, as `/predict game` does (live accuracy is measured on what
 * people were shown, whichever way they saw it), once per server and game: API clients poll.
 */
async function recordShown(ctx: MlContext, guildId: string, userId: string, p: GamePrediction): Promise<void> {
  await recordPredictionOnce(ctx, { guildId, userId, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow ?? p.marketOpen, modelVersion: p.modelVersion } });
}

/** The position a cursor of this list holds: numbers only, or the cursor was not made here. */
function positionOf(cursor: string | undefined): GamePosition | null {
  const at = decodeCursor(cursor);
  if (!at) return null;
  if (typeof at.v !== 'number' || typeof at.id !== 'number') {
    throw new Refusal('INVALID_INPUT', 'The cursor is not one this list made.', { next: 'Pass the `next_cursor` of the previous page unchanged, or omit `cursor` for the first page.' });
  }
  return { kickoff: at.v, gameId: at.id };
}

// Each prediction runs the model (and reads the game's prices): pages stay smaller than the API's usual 100.
const MAX_PREDICTIONS = 50;

export function listPredictions(ctx: MlContext) {
  return defineRoute({
    method: 'get',
    path: '/predictions',
    operationId: 'listMlPredictions',
    summary: 'Predictions of upcoming games',
    description:
      'The outcome model\'s probabilities for upcoming soccer games that are priced three ways, soonest kick-off first, beside the market\'s implied probabilities and the edge at the latest prices (what `/predict game` shows). Games the model cannot predict (a league it was not trained on, a book not yet complete) are left out. Every prediction listed is recorded as shown to the key\'s creator, for live accuracy.',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(MAX_PREDICTIONS).default(20).describe(`Predictions per page, 1 to ${MAX_PREDICTIONS}.`),
      cursor: z.string().max(512).optional().describe('The `next_cursor` of the previous page; omit for the first page.'),
      gameId: z.coerce.number().int().positive().optional().describe('Only this game (an empty list when it cannot be predicted; `getMlPrediction` says why).'),
      league: z.string().trim().min(1).max(64).optional().describe('Only games of this league, e.g. `premier-league`.'),
    }),
    response: pageOf(predictionShape),
    async handler({ guildId, query, principal }) {
      const rows = await predictionsAfter(ctx, { after: positionOf(query.cursor), gameId: query.gameId, league: query.league, limit: query.limit });
      const page = pageFrom(rows, query.limit, (p) => ({ v: p.kickoff, id: p.gameId }));
      for (const p of page.data) await recordShown(ctx, guildId, principal.userId, p);
      return { ...page, data: page.data.map(predictionBody) };
    },
  });
}

export function getPrediction(ctx: MlContext) {
  return defineRoute({
    method: 'get',
    path: '/predictions/:gameId',
    operationId: 'getMlPrediction',
    summary: 'Predict one game',
    description:
      'The prediction of one upcoming game, as `/predict game` shows it; recorded as shown to the key\'s creator. Refused with 404 for an unknown game, 409 once it has kicked off, 422 for a sport or league the model does not cover, 503 until all three results are priced.',
    params: z.object({ gameId: z.coerce.number().int().positive().describe('The game, as betting lists it.') }),
    response: predictionShape,
    async handler({ guildId, params, principal }) {
      const p = await predictGame(ctx, params.gameId);
      await recordShown(ctx, guildId, principal.userId, p);
      return predictionBody(p);
    },
  });
}
