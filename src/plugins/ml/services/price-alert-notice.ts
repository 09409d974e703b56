import { isRefusal, type NotificationRequest } from 'dbsbm';
import type { MlContext } from './context.ts';
import { predictGame, type GamePrediction } from './predictor.ts';

type Result = 'home' | 'draw' | 'away';

/** Points of probability, as members read them: 0.03 → "3", 0.0327 → "3.3". */
const points = (p: number): string => String(Number((Math.abs(p) * 100).toFixed(1)));

const resultNames = (p: GamePrediction): Record<Result, string> => ({ home: p.homeTeam, draw: 'Draw', away: p.awayTeam });

/**
 * The `/predict` line for a prediction whose movement model expects a large move, or null when it expects none.
 * Which results alert and the threshold both come from the movement model (see {@link GamePrediction.movement}).
 */
export function priceAlertLine(p: GamePrediction): string | null {
  if (!p.movement.alerts.length) return null;
  const names = resultNames(p);
  return `**Price alert:** a large move is expected on ${p.movement.alerts.map((k) => names[k]).join(' and ')} (more than ${points(p.movement.largeMove)} points of probability).`;
}

/**
 * The notification for a member who bet on a game the movement model expects a large move on, or null when it
 * expects none. Keyed per game, so a member is told once per game however many bets they place on it.
 */
export function priceAlertNotice(p: GamePrediction, member: { guildId: string; userId: string }): NotificationRequest | null {
  if (!p.movement.alerts.length) return null;
  const names = { ...resultNames(p), draw: 'the draw' };
  const moves = p.movement.alerts.map((k) => {
    const change = p.movement.change[k];
    // A rising probability is a shortening price.
    return `the price of ${names[k]} to ${change > 0 ? 'shorten' : 'lengthen'} by about ${points(change)} points of probability`;
  });
  return {
    guildId: member.guildId,
    to: { userIds: [member.userId] },
    type: 'odds_alert',
    key: `ml-move:${p.gameId}`,
    digestKey: `game:${p.gameId}:h2h`,
    title: `Price alert: ${p.label}`,
    body:
      `You have a bet on ${p.label}. Between the opening prices and kick-off, the model expects ${moves.join(' and ')} ` +
      `(it flags moves of more than ${points(p.movement.largeMove)} points). This is the model's expectation, not a certainty: ` +
      'prices can stay put or move the other way. /predict game shows the full prediction.',
    data: { gameId: p.gameId, source: 'ml' },
  };
}

/**
 * On a placed bet: if the member turned ML recommendations on and the bet is on a game the movement model expects a
 * large move on, raises `notification.requested` for them. A bet without a game (a parlay), no longer open, or on a
 * game the model cannot predict (another sport or league, started, not fully priced) raises nothing.
 * @returns whether a notification was requested.
 */
export async function raisePriceAlert(ctx: MlContext, bet: { guildId: string; betId: number; userId: string }, now = Date.now()): Promise<boolean> {
  if (!(await ctx.users.get(bet.userId)).mlRecommendationsEnabled) return false;
  const view = (await ctx.use('betting').openBets(bet.guildId, bet.userId)).find((b) => b.id === bet.betId);
  if (!view || view.gameId === null) return false;
  let prediction: GamePrediction;
  try {
    prediction = await predictGame(ctx, view.gameId, now);
  } catch (err) {
    if (isRefusal(err)) return false;
    throw err;
  }
  const request = priceAlertNotice(prediction, bet);
  if (!request) return false;
  await ctx.data.transaction((em) => ctx.events.publishInTransaction(em, 'notification.requested', request));
  return true;
}
