import type { EventPayload } from 'dbsbm';
import type { NotificationsContext } from '../services/context.ts';
import { raiseNow } from '../services/raise-now.ts';

/** How long before kick-off a member holding a bet is reminded. */
export const REMIND_BEFORE_MS = 30 * 60_000;

/**
 * A bet on a game that has not started: one reminder per member and game, 30 minutes before kick-off (dropped at
 * send time if they no longer hold an open bet on it). A member near a unit limit also gets a responsible-play note.
 */
export async function onBetPlaced(ctx: NotificationsContext, e: EventPayload<'bet.placed'>, now = Date.now()): Promise<void> {
  const betting = ctx.use('betting');
  const bet = (await betting.openBets(e.guildId, e.userId)).find((b) => b.id === e.betId);
  if (bet?.gameId != null && bet.startTime !== null && bet.startTime - now > 60_000) {
    const game = await betting.game(bet.gameId);
    await raiseNow(ctx, {
      guildId: e.guildId,
      to: { userIds: [e.userId] },
      type: 'game_starting',
      key: `kickoff:${bet.gameId}`,
      title: `Kick-off soon: ${game?.label ?? `game ${bet.gameId}`}`,
      body: `Starts <t:${Math.floor(bet.startTime / 1000)}:R>. You have an open bet on it.`,
      sendAt: Math.max(now, bet.startTime - REMIND_BEFORE_MS),
      data: { gameId: bet.gameId },
    });
  }
  const limits = await betting.limitsInForce(e.guildId, e.userId, now);
  for (const [name, limit] of [['daily', limits.daily], ['weekly', limits.weekly]] as const) {
    if (!limit || limit.limit <= 0 || limit.staked < limit.limit * 0.8) continue;
    await raiseNow(ctx, {
      guildId: e.guildId,
      to: { userIds: [e.userId] },
      type: 'responsible_play',
      key: `limit:${name}:${limit.since}`,
      title: `You have used ${Math.round((limit.staked / limit.limit) * 100)}% of your ${name} limit`,
      body: `${limit.staked.toFixed(2)} of ${limit.limit.toFixed(2)} units staked; ${limit.left.toFixed(2)} left in this ${name === 'daily' ? '24-hour' : '7-day'} window. Take a break whenever you like: /limits shows your options.`,
      critical: true,
    });
  }
}
