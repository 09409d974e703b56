import { join } from 'node:path';
import { latestPrices } from '../../betting/services/games.ts';
import { loadMovementModel, loadOutcomeModel, type MovementModel, type OutcomeModel, type RatingState, type UpcomingGame } from '../models/football/index.ts';
import type { MlContext } from './context.ts';

type Row = Record<string, unknown>;

/** The model and the ratings it predicts from, kept current with the games the bot has seen finish. */
interface Predictor {
  model: OutcomeModel;
  movement: MovementModel;
  ratings: RatingState;
  /** Finished games already recorded into the ratings. */
  recorded: Set<number>;
}

const predictors = new WeakMap<object, Promise<Predictor>>();

async function predictorOf(ctx: MlContext): Promise<Predictor> {
  let p = predictors.get(ctx);
  if (!p) {
    p = (async () => {
      const dir = ctx.options.artefactDir;
      const model = await loadOutcomeModel(dir ? join(dir, 'outcome.json') : undefined);
      const movement = await loadMovementModel(dir ? join(dir, 'movement.json') : undefined);
      return { model, movement, ratings: model.initialRatings(), recorded: new Set<number>() };
    })();
    predictors.set(ctx, p);
  }
  return p;
}

/**
 * The data's leagues are named by country and league; a feed's game has only a league name, and one name can
 * belong to two countries (England's and Egypt's premier-league). The country whose rated teams include the home
 * team wins; otherwise the first with that league.
 */
function countryOf(predictor: Predictor, league: string, homeTeam: string): string | null {
  const candidates = predictor.model.artefact.leagues.filter((key) => key.split('/')[1] === league).map((key) => key.split('/')[0]!);
  for (const country of candidates) if (predictor.ratings.teams(country, league).includes(homeTeam)) return country;
  return candidates[0] ?? null;
}

/** Records finished soccer games the ratings have not seen (in kick-off order), so form and Elo stay current. */
async function catchUp(ctx: MlContext, predictor: Predictor): Promise<void> {
  const rows = (await ctx
    .em()
    .getConnection()
    .execute("select id, league, home_team, away_team, start_time, home_score, away_score from betting_games where status = 'final' and sport = 'soccer' order by start_time, id")) as Row[];
  const fresh = rows.filter((r) => !predictor.recorded.has(Number(r.id)));
  const matches = [];
  for (const r of fresh) {
    predictor.recorded.add(Number(r.id));
    const country = countryOf(predictor, String(r.league), String(r.home_team));
    if (!country || r.home_score === null || r.away_score === null) continue;
    matches.push({ country, league: String(r.league), homeTeam: String(r.home_team), awayTeam: String(r.away_team), date: new Date(Number(r.start_time)), ftHome: Number(r.home_score), ftAway: Number(r.away_score) });
  }
  // recordAll skips what the ratings already hold (the shipped ratings end where the training data ends).
  if (matches.length) predictor.ratings.recordAll(matches);
}

export interface GamePrediction {
  gameId: number;
  label: string;
  kickoff: number;
  homeTeam: string;
  awayTeam: string;
  model: { home: number; draw: number; away: number };
  /** De-margined opening prices (what the model starts from). */
  marketOpen: { home: number; draw: number; away: number };
  /** Latest prices on offer, decimal, and their de-margined probabilities. */
  current: { home: number; draw: number; away: number } | null;
  marketNow: { home: number; draw: number; away: number } | null;
  pick: 'home' | 'draw' | 'away';
  confidence: number;
  modelVersion: string;
  /** Predicted change of each de-margined probability from opening to closing, and the large moves it expects. */
  movement: { change: { home: number; draw: number; away: number }; alerts: ('home' | 'draw' | 'away')[] };
}

export type PredictRefusal = { ok: false; message: string };

/**
 * Predicts one game from what is known before kick-off: its opening three-way prices and the ratings of games
 * finished before it. Only soccer three-way markets in the leagues the model was trained on can be predicted.
 */
export async function predictGame(ctx: MlContext, gameId: number, now = Date.now()): Promise<{ ok: true; prediction: GamePrediction } | PredictRefusal> {
  const em = ctx.em();
  const [game] = (await em.getConnection().execute('select id, sport, league, home_team, away_team, start_time, status from betting_games where id = ?', [gameId])) as Row[];
  if (!game) return { ok: false, message: `There is no game #${gameId}. Pick one from the list as you type.` };
  if (game.status !== 'scheduled' || Number(game.start_time) <= now) return { ok: false, message: 'That game has started or finished; predictions are for games before kick-off.' };
  if (game.sport !== 'soccer') return { ok: false, message: `The model predicts soccer results only (this game is ${String(game.sport)}).` };
  const predictor = await predictorOf(ctx);
  await catchUp(ctx, predictor);
  const country = countryOf(predictor, String(game.league), String(game.home_team));
  if (!country) return { ok: false, message: `The model was not trained on ${String(game.league)}; it knows ${predictor.model.artefact.leagues.join(', ')}.` };
  const opening = (await em.getConnection().execute(
    "select selection, price from betting_odds where game_id = ? and market = 'h2h' order by at, id",
    [gameId],
  )) as { selection: string; price: number }[];
  const first: Record<string, number> = {};
  for (const o of opening) if (first[o.selection] === undefined) first[o.selection] = Number(o.price);
  if (!(first.home && first.draw && first.away)) return { ok: false, message: 'The feed has not priced all three results (home, draw, away) yet; try again closer to kick-off.' };
  const latest = await latestPrices(em, gameId);
  const cur = (s: string) => latest.find((p) => p.market === 'h2h' && p.selection === s)?.price;
  const current = cur('home') && cur('draw') && cur('away') ? { home: cur('home')!, draw: cur('draw')!, away: cur('away')! } : null;
  const upcoming: UpcomingGame = {
    country,
    league: String(game.league),
    homeTeam: String(game.home_team),
    awayTeam: String(game.away_team),
    date: new Date(Number(game.start_time)),
    open: { home: first.home, draw: first.draw, away: first.away },
  };
  const p = predictor.model.predictGame(predictor.ratings, upcoming);
  // The movement model was trained on the same features and the same ratings, so it reads the same state.
  const move = predictor.movement.predictGame(predictor.ratings, upcoming);
  const demargin = (q: { home: number; draw: number; away: number }) => {
    const s = 1 / q.home + 1 / q.draw + 1 / q.away;
    return { home: 1 / q.home / s, draw: 1 / q.draw / s, away: 1 / q.away / s };
  };
  return {
    ok: true,
    prediction: {
      gameId,
      label: `${upcoming.homeTeam} v ${upcoming.awayTeam}`,
      kickoff: Number(game.start_time),
      homeTeam: upcoming.homeTeam,
      awayTeam: upcoming.awayTeam,
      model: p.probabilities,
      marketOpen: p.market,
      current,
      marketNow: current ? demargin(current) : null,
      pick: p.pick,
      confidence: p.confidence,
      modelVersion: `${predictor.model.artefact.card.model}@${predictor.model.artefact.card.trainedAt}`,
      movement: { change: move.change, alerts: move.alerts },
    },
  };
}

/** Scheduled soccer games with three-way prices, soonest first. */
export async function predictableGames(ctx: MlContext, now = Date.now(), limit = 25): Promise<number[]> {
  const rows = (await ctx
    .em()
    .getConnection()
    .execute(
      `select g.id from betting_games g where g.status = 'scheduled' and g.sport = 'soccer' and g.start_time > ?
       and exists (select 1 from betting_odds o where o.game_id = g.id and o.market = 'h2h') order by g.start_time, g.id limit ${Math.max(1, Math.min(100, limit))}`,
      [now],
    )) as Row[];
  return rows.map((r) => Number(r.id));
}
