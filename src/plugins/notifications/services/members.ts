import type { NotificationsContext } from './context.ts';
import { insertIgnore } from './sql-dialect.ts';

/** Remembers that a member chose notifications in a server (the audience of its announcements). */
export async function joinAudience(ctx: NotificationsContext, guildId: string, userId: string, now = Date.now()): Promise<void> {
  await ctx.data.run(insertIgnore(ctx.data.dialect, 'notification_members', ['guild_id', 'user_id', 'joined_at']), [guildId, userId, now]);
}

/** Members of a server's audience. */
export async function audienceOf(ctx: NotificationsContext, guildId: string): Promise<string[]> {
  return (await ctx.data.all<{ user_id: string }>('select user_id from notification_members where guild_id = ? order by joined_at', [guildId])).map((r) => r.user_id);
}
