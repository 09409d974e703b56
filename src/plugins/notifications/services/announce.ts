import type { NotificationsContext } from './context.ts';
import { audienceOf } from './members.ts';
import { prefsOfMany } from './preferences.ts';
import { raise } from './raise.ts';
import { requestSchema } from './request.ts';

/**
 * A server manager's announcement (`/notifications send`, `POST /api/v1/notifications/announcements`): to every member
 * of the server's audience by their own choice for server announcements, and to its announcements channel.
 */
export async function announce(ctx: NotificationsContext, guildId: string, input: { title: string; body: string; key: string; url?: string }): Promise<{ members: number }> {
  const members = await audienceOf(ctx, guildId);
  const prefs = await prefsOfMany(ctx, members);
  await ctx.data.transaction(async (em) => {
    const base = { guildId, type: 'custom' as const, key: input.key, title: input.title, body: input.body, ...(input.url ? { url: input.url } : {}) };
    if (members.length > 0) await raise(ctx, em, requestSchema.parse({ ...base, to: { userIds: members } }), prefs, 'announcement');
    await raise(ctx, em, requestSchema.parse({ ...base, to: { audience: 'admins' } }), new Map(), 'announcement');
  });
  return { members: members.length };
}
