import type { MlContext } from './context.ts';
import { findValueBets, kellyStake } from './insights/index.ts';
import { upcomingPredictions } from './predictor.ts';
import { recordPrediction, recordPredictionOnce } from './tracking.ts';

const OUTCOMES = ['home', 'draw', 'away'] as const;

/**
 * Value bets on the upcoming games: the model's probability times the price on offer above 1 plus a margin. Every
 * prediction scanned is recorded as shown (`once` per server and game for API clients, which poll).
 */
export async function scanValue(ctx: MlContext, guildId: string, userId: string, options: { now?: number; record?: 'each' | 'once' } = {}) {
  const now = options.now ?? Date.now();
  const record = options.record === 'once' ? recordPredictionOnce : recordPrediction;
  const settings = await ctx.settings.get(guildId);
  const predictions = await upcomingPredictions(ctx, now);
  for (const p of predictions) {
    await record(ctx, { guildId, userId, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow, modelVersion: p.modelVersion } });
  }
  const selections = predictions.flatMap((p) =>
    OUTCOMES.map((k) => ({ id: `${p.gameId}:${k}`, gameId: String(p.gameId), label: `${p.label}: ${k === 'home' ? p.homeTeam : k === 'away' ? p.awayTeam : 'draw'}`, probability: p.model[k], decimal: p.current![k] })),
  );
  const { valueBets } = findValueBets(selections, { threshold: settings.valueThreshold });
  return {
    scanned: predictions.length,
    bets: valueBets.map((v) => ({
      ...v,
      stake: kellyStake(v.selection.probability, v.selection.decimal, settings.bankrollUnits, { fraction: settings.kellyFraction, cap: { kind: 'bankroll-fraction', value: settings.maxStakeShare } }),
    })),
    settings,
  };
}
