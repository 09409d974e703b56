import { join } from 'node:path';
import { isRefusal, Refusal, type DbsbmServices } from 'dbsbm';
import { loadMovementModel, loadOutcomeModel, type MovementModel, type OutcomeModel, type RatingState, type UpcomingGame } from '../models/football/index.ts';
import type { MlContext } from './context.ts';

/** A game as the betting plugin describes it. */
export type BettingGame = NonNullable<Awaited<ReturnType<DbsbmServices['betting']['game']>>>;
type Book = { home: number; draw: number; away: number };

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
  const fresh = (await ctx.use('betting').finishedGames('soccer')).filter((g) => !predictor.recorded.has(g.id));
  const matches = [];
  for (const g of fresh) {
    predictor.recorded.add(g.id);
    const country = countryOf(predictor, g.league, g.homeTeam);
    if (!country || g.homeScore === null || g.awayScore === null) continue;
    matches.push({ country, league: g.league, homeTeam: g.homeTeam, awayTeam: g.awayTeam, date: new Date(g.startTime), ftHome: g.homeScore, ftAway: g.awayScore });
  }
  // recordAll skips what the ratings already hold (the shipped ratings end where the training data ends).
  if (matches.length) predictor.ratings.recordAll(matches);
}

export interface GamePrediction {
  gameId: number;
  label: string;
  kickoff: number;
  /** The feed's league name, e.g. `premier-league`. */
  league: string;
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
  /**
   * Predicted change of each de-margined probability from opening to closing, the large moves it expects, and the
   * movement model's threshold of a large move (|change| above it is an alert; 0.03 = 3 points of probability).
   */
  movement: { change: { home: number; draw: number; away: number }; alerts: ('home' | 'draw' | 'away')[]; largeMove: number };
}

const leagueRefusal = (predictor: Predictor, league: string): Refusal =>
  new Refusal('LEAGUE_NOT_MODELLED', `The model was not trained on ${league}; it knows ${predictor.model.artefact.leagues.join(', ')}.`, {
    next: 'Pick a game of one of those leagues.',
  });

/** A game that can be predicted, with its opening three-way prices. */
interface Predictable {
  game: BettingGame;
  open: Book;
  predictor: Predictor;
}

/**
 * Checks that a game can be predicted (it exists, has not started, is soccer in a league the model knows, and all
 * three results are priced), without touching the ratings: cheap enough to run before answering Discord.
 * @throws Refusal NOT_FOUND, PREDICTION_CLOSED, SPORT_NOT_MODELLED, LEAGUE_NOT_MODELLED or UNAVAILABLE.
 */
async function predictable(ctx: MlContext, gameId: number, now: number): Promise<Predictable> {
  const betting = ctx.use('betting');
  const game = await betting.game(gameId);
  if (!game) throw new Refusal('NOT_FOUND', `There is no game #${gameId}.`, { next: 'Pick one from the list as you type a team name.' });
  if (game.status !== 'scheduled' || game.startTime <= now) {
    throw new Refusal('PREDICTION_CLOSED', 'That game has started or finished; predictions are for games before kick-off.', { next: 'Pick a game that has not kicked off.' });
  }
  if (game.sport !== 'soccer') throw new Refusal('SPORT_NOT_MODELLED', `The model predicts soccer results only (this game is ${game.sport}).`, { next: 'Pick a soccer game.' });
  const predictor = await predictorOf(ctx);
  if (!predictor.model.artefact.leagues.some((key) => key.split('/')[1] === game.league)) throw leagueRefusal(predictor, game.league);
  const first: Record<string, number> = {};
  for (const o of await betting.priceHistory(gameId, 'h2h')) if (first[o.selection] === undefined) first[o.selection] = o.price;
  if (!(first.home && first.draw && first.away)) {
    throw new Refusal('UNAVAILABLE', 'The feed has not priced all three results (home, draw, away) yet.', { next: 'Try again closer to kick-off.' });
  }
  return { game, open: { home: first.home, draw: first.draw, away: first.away }, predictor };
}

/**
 * Refuses a game that cannot be predicted, before a command answers publicly (see {@link predictGame}).
 * @throws Refusal as {@link predictGame} does.
 */
export async function assertPredictable(ctx: MlContext, gameId: number, now = Date.now()): Promise<void> {
  await predictable(ctx, gameId, now);
}

/**
 * Predicts one game from what is known before kick-off: its opening three-way prices and the ratings of games
 * finished before it. Only soccer three-way markets in the leagues the model was trained on can be predicted.
 * @throws Refusal NOT_FOUND (no such game), PREDICTION_CLOSED (started or finished), SPORT_NOT_MODELLED,
 * LEAGUE_NOT_MODELLED, UNAVAILABLE (not all three results priced yet).
 */
export async function predictGame(ctx: MlContext, gameId: number, now = Date.now()): Promise<GamePrediction> {
  const { game, open, predictor } = await predictable(ctx, gameId, now);
  await catchUp(ctx, predictor);
  const country = countryOf(predictor, game.league, game.homeTeam);
  if (!country) throw leagueRefusal(predictor, game.league);
  const latest = await ctx.use('betting').latestPrices(gameId);
  const cur = (s: string) => latest.find((p) => p.market === 'h2h' && p.selection === s)?.price;
  const current = cur('home') && cur('draw') && cur('away') ? { home: cur('home')!, draw: cur('draw')!, away: cur('away')! } : null;
  const upcoming: UpcomingGame = {
    country,
    league: game.league,
    homeTeam: game.homeTeam,
    awayTeam: game.awayTeam,
    date: new Date(game.startTime),
    open,
  };
  const p = predictor.model.predictGame(predictor.ratings, upcoming);
  // The movement model was trained on the same features and the same ratings, so it reads the same state.
  const move = predictor.movement.predictGame(predictor.ratings, upcoming);
  const demargin = (q: Book): Book => {
    const s = 1 / q.home + 1 / q.draw + 1 / q.away;
    return { home: 1 / q.home / s, draw: 1 / q.draw / s, away: 1 / q.away / s };
  };
  return {
    gameId,
    label: `${upcoming.homeTeam} v ${upcoming.awayTeam}`,
    kickoff: game.startTime,
    league: game.league,
    homeTeam: upcoming.homeTeam,
    awayTeam: upcoming.awayTeam,
    model: p.probabilities,
    marketOpen: p.market,
    current,
    marketNow: current ? demargin(current) : null,
    pick: p.pick,
    confidence: p.confidence,
    modelVersion: `${predictor.model.artefact.card.model}@${predictor.model.artefact.card.trainedAt}`,
    movement: { change: move.change, alerts: move.alerts, largeMove: predictor.movement.largeMove },
  };
}

/**
 * Predictions of the upcoming predictable games (see {@link predictableGames}) that have current prices; a game
 * the model cannot predict (a league it does not know, a book not yet complete) is left out.
 */
export async function upcomingPredictions(ctx: MlContext, now = Date.now(), limit = 25): Promise<GamePrediction[]> {
  const predictions: GamePrediction[] = [];
  for (const id of await predictableGames(ctx, now, limit)) {
    try {
      const p = await predictGame(ctx, id, now);
      if (p.current) predictions.push(p);
    } catch (err) {
      if (!isRefusal(err)) throw err;
    }
  }
  return predictions;
}

/** Scheduled soccer games with three-way prices, soonest first. */
export async function predictableGames(ctx: MlContext, now = Date.now(), limit = 25): Promise<number[]> {
  const games = await ctx.use('betting').pricedUpcomingGames({ sport: 'soccer', market: 'h2h', now, limit });
  return games.map((g) => g.id);
}
