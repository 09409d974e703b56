import { NOTIFICATION_TYPES, type NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';

/** A server's channel per notification type. */
export async function serverRoutes(ctx: NotificationsContext, guildId: string): Promise<Partial<Record<NotificationType, string>>> {
  const rows = await ctx.data.all<{ type: NotificationType; channel_id: string }>('select type, channel_id from notification_routes where guild_id = ?', [guildId]);
  return Object.fromEntries(rows.filter((r) => NOTIFICATION_TYPES.includes(r.type)).map((r) => [r.type, r.channel_id]));
}

/** Sets (or, with null, clears) the server's channel for a type. */
export async function setServerRoute(ctx: NotificationsContext, guildId: string, type: NotificationType, channelId: string | null): Promise<void> {
  await ctx.data.transaction(async (em) => {
    await ctx.data.run('delete from notification_routes where guild_id = ? and type = ?', [guildId, type], em);
    if (channelId !== null) await ctx.data.run('insert into notification_routes (guild_id, type, channel_id) values (?, ?, ?)', [guildId, type, channelId], em);
  });
}
