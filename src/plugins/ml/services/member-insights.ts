import type { DbsbmServices } from 'dbsbm';
import type { MlContext } from './context.ts';
import { rebalanceSuggestions, recommend, riskSummary, type MemberLimitsInput } from './insights/index.ts';
import { upcomingPredictions } from './predictor.ts';
import { recordPrediction } from './tracking.ts';

/** The limits in force for a member, as the betting plugin enforces them on placement. */
export type LimitsInForce = Awaited<ReturnType<DbsbmServices['betting']['limitsInForce']>>;

/**
 * The limits a suggested stake must respect, taken from the numbers placement enforces (never recomputed here):
 * the server's largest stake per bet, and whichever of the member's daily and weekly limits leaves less room,
 * over its rolling window, with a raise counted only once it is in force.
 */
export function stakeLimits(inForce: LimitsInForce): MemberLimitsInput {
  const windows = (['daily', 'weekly'] as const).flatMap((window) => (inForce[window] ? [{ window, ...inForce[window] }] : []));
  const tightest = windows.reduce<(typeof windows)[number] | null>((a, b) => (a === null || b.left < a.left ? b : a), null);
  return {
    maxUnitsPerBet: inForce.perBet.max,
    maxUnitsPerDay: tightest?.limit ?? null,
    unitsPlacedToday: tightest?.staked ?? 0,
    window: tightest?.window ?? 'daily',
  };
}

/** What `/insights` shows a member: their own risk figures, exposure, and (if they asked for them) recommendations. */
export async function memberInsights(ctx: MlContext, guildId: string, userId: string, now = Date.now()) {
  const betting = ctx.use('betting');
  const records = await betting.settledRecords(guildId, userId);
  const risk = riskSummary(records.map((r) => ({ settledAt: r.settledAt, units: r.units, net: r.net })));
  const open = await betting.openBets(guildId, userId);
  const rebalance = rebalanceSuggestions(open.map((b) => ({ betId: b.id, units: b.units, legs: [{ team: b.team, sport: b.sport }] })));
  const prefs = await ctx.users.get(userId);
  let recommendations: ReturnType<typeof recommend> | null = null;
  let blocked: string | null = null;
  if (prefs.mlRecommendationsEnabled) {
    const inForce = await betting.limitsInForce(guildId, userId, now);
    if (inForce.selfExcluded || inForce.coolingOffUntil !== null) {
      blocked = 'You are taking a break from betting here (see /limits), so there are no recommendations.';
    } else {
      const settings = await ctx.settings.get(guildId);
      const selections = [];
      for (const p of await upcomingPredictions(ctx, now, 10)) {
        await recordPrediction(ctx, { guildId, userId, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow, modelVersion: p.modelVersion } });
        for (const k of ['home', 'draw', 'away'] as const) {
          selections.push({ id: `${p.gameId}:${k}`, gameId: String(p.gameId), label: `${p.label}: ${k === 'home' ? p.homeTeam : k === 'away' ? p.awayTeam : 'draw'}`, probability: p.model[k], decimal: p.current![k] });
        }
      }
      recommendations = recommend({
        selections,
        bankrollUnits: settings.bankrollUnits,
        history: records.slice(-50).map((r) => ({ units: r.units, net: r.net })),
        limits: stakeLimits(inForce),
        options: { value: { threshold: settings.valueThreshold } },
      });
    }
  }
  return { risk, rebalance, recommendationsEnabled: prefs.mlRecommendationsEnabled, recommendations, blocked };
}
