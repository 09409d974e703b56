import { z } from 'zod';
import type { MlContext } from './context.ts';

export const OUTCOMES = ['home', 'draw', 'away'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Probs = Record<Outcome, number>;

/** What an outcome prediction stores: enough to score it later against the result and the market. */
export const outcomePredictionData = z.object({
  gameId: z.number().int(),
  label: z.string(),
  model: z.object({ home: z.number(), draw: z.number(), away: z.number() }),
  /** The market's de-margined probabilities when the prediction was shown (null when no full book was priced). */
  market: z.object({ home: z.number(), draw: z.number(), away: z.number() }).nullable(),
  modelVersion: z.string(),
});
export type OutcomePredictionData = z.output<typeof outcomePredictionData>;

const top = (p: Probs): Outcome => OUTCOMES.reduce((a, b) => (p[b] > p[a] ? b : a), 'home' as Outcome);

/** Stores a prediction someone was shown. */
export async function recordPrediction(ctx: MlContext, input: { guildId: string | null; userId: string | null; data: OutcomePredictionData; now?: number }): Promise<number> {
  const res = (await ctx
    .em()
    .getConnection()
    .execute(
      'insert into ml_predictions (model_type, prediction_data, confidence_score, created_at, guild_id, user_id, game_id) values (?, ?, ?, ?, ?, ?, ?)',
      [
        'outcome',
        JSON.stringify(input.data),
        Math.round(input.data.model[top(input.data.model)] * 1e4) / 1e4,
        input.now ?? Date.now(),
        input.guildId,
        input.userId,
        input.data.gameId,
      ],
      'run',
    )) as { insertId: number };
  return Number(res.insertId);
}

/**
 * Stores a prediction unless this server was already shown one for the game. For the API: a client polling
 * `GET /ml/predictions` would otherwise add a row per game per poll, and live accuracy counts only the first
 * prediction shown per game anyway.
 */
export async function recordPredictionOnce(ctx: MlContext, input: { guildId: string; userId: string | null; data: OutcomePredictionData; now?: number }): Promise<void> {
  const seen = (await ctx.em().getConnection().execute('select 1 as seen from ml_predictions where game_id = ? and guild_id = ? limit 1', [input.data.gameId, input.guildId])) as unknown[];
  if (seen.length === 0) await recordPrediction(ctx, input);
}

/** Fills the result of every prediction of a game when it is final. Idempotent: only unresolved rows change. */
export async function resolvePredictions(ctx: MlContext, game: { gameId: number; home: number; away: number }): Promise<number> {
  const outcome: Outcome = game.home > game.away ? 'home' : game.home < game.away ? 'away' : 'draw';
  const conn = ctx.em().getConnection();
  const rows = (await conn.execute('select id, prediction_data from ml_predictions where game_id = ? and actual_result is null', [game.gameId])) as { id: number; prediction_data: unknown }[];
  for (const r of rows) {
    const raw = typeof r.prediction_data === 'string' ? JSON.parse(r.prediction_data) : r.prediction_data;
    const data = outcomePredictionData.safeParse(raw);
    const score = data.success ? (top(data.data.model) === outcome ? 1 : 0) : null;
    await conn.execute('update ml_predictions set actual_result = ?, accuracy_score = ? where id = ? and actual_result is null', [
      JSON.stringify({ outcome, home: game.home, away: game.away }),
      score,
      r.id,
    ]);
  }
  return rows.length;
}

export interface LiveAccuracy {
  /** Games with a resolved prediction (one per game: the first shown). */
  games: number;
  logloss: number | null;
  accuracy: number | null;
  brier: number | null;
  /** The market on the same games (only games where the market's book was known). */
  marketGames: number;
  marketLogloss: number | null;
  marketAccuracy: number | null;
  /** The model on exactly the market's games, so the two numbers compare like with like. */
  modelLoglossOnMarketGames: number | null;
}

const EPS = 1e-15;
const ll = (p: Probs, o: Outcome): number => -Math.log(Math.max(EPS, p[o]));
const brier = (p: Probs, o: Outcome): number => OUTCOMES.reduce((s, k) => s + (p[k] - (k === o ? 1 : 0)) ** 2, 0);

/** Running log-loss, accuracy and Brier of the live predictions (of a server, or all), beside the market's. */
export async function liveAccuracy(ctx: MlContext, guildId?: string): Promise<LiveAccuracy> {
  const rows = (await ctx
    .em()
    .getConnection()
    .execute(
      `select game_id, prediction_data, actual_result from ml_predictions where model_type = 'outcome' and actual_result is not null${guildId ? ' and guild_id = ?' : ''} order by id`,
      guildId ? [guildId] : [],
    )) as { game_id: number; prediction_data: unknown; actual_result: unknown }[];
  const seen = new Set<number>();
  const scored: { model: Probs; market: Probs | null; outcome: Outcome }[] = [];
  for (const r of rows) {
    if (seen.has(Number(r.game_id))) continue;
    seen.add(Number(r.game_id));
    const data = outcomePredictionData.safeParse(typeof r.prediction_data === 'string' ? JSON.parse(r.prediction_data) : r.prediction_data);
    const actual = z.object({ outcome: z.enum(OUTCOMES) }).safeParse(typeof r.actual_result === 'string' ? JSON.parse(r.actual_result) : r.actual_result);
    if (data.success && actual.success) scored.push({ model: data.data.model, market: data.data.market, outcome: actual.data.outcome });
  }
  const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const withMarket = scored.filter((s): s is { model: Probs; market: Probs; outcome: Outcome } => s.market !== null);
  return {
    games: scored.length,
    logloss: mean(scored.map((s) => ll(s.model, s.outcome))),
    accuracy: mean(scored.map((s) => (top(s.model) === s.outcome ? 1 : 0))),
    brier: mean(scored.map((s) => brier(s.model, s.outcome))),
    marketGames: withMarket.length,
    marketLogloss: mean(withMarket.map((s) => ll(s.market, s.outcome))),
    marketAccuracy: mean(withMarket.map((s) => (top(s.market) === s.outcome ? 1 : 0))),
    modelLoglossOnMarketGames: mean(withMarket.map((s) => ll(s.model, s.outcome))),
  };
}
