import type { NotificationsContext } from './context.ts';
import type { LoadedNotification } from './delivery-reads.ts';

/**
 * Whether a notification still says something true when its time comes: a kick-off reminder is dropped once the
 * member no longer holds an open bet on the game (they cancelled, or it settled early) unless they asked for it
 * themselves (`/notifications remind`).
 */
export async function stillRelevant(ctx: NotificationsContext, n: LoadedNotification): Promise<boolean> {
  if (n.type !== 'game_starting' || n.userId === null || typeof n.data?.gameId !== 'number' || n.data.asked === true) return true;
  const gameId = n.data.gameId;
  const open = await ctx.use('betting').openBets(n.guildId, n.userId);
  return open.some((b) => b.gameId === gameId);
}
