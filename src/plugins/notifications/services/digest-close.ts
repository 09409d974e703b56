import { NOTIFICATION_TYPES, type NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';
import { digestItemSchema, digestMessage, groupDigest } from './digest.ts';
import { prefsOf } from './preferences.ts';
import { createNotification } from './raise.ts';
import { parseItems, type DigestEntry } from './digest-window.ts';
import { forUpdate } from './sql-dialect.ts';

export { DIGEST_JOB } from './digest-window.ts';

/** Closes a digest window and turns what it gathered into one notification (then routed like any other). */
export async function closeDigest(ctx: NotificationsContext, digestId: number, now = Date.now()): Promise<void> {
  const owner = await ctx.data.get<{ user_id: string }>('select user_id from notification_digests where id = ?', [digestId]);
  if (!owner) return;
  const prefs = await prefsOf(ctx, owner.user_id);
  await ctx.data.transaction(async (em) => {
    const row = await ctx.data.get<{ id: number; guild_id: string; user_id: string; digest_key: string; items: unknown; open_key: string | null }>(
      `select id, guild_id, user_id, digest_key, items, open_key from notification_digests where id = ?${forUpdate(ctx.data.dialect)}`,
      [digestId],
      em,
    );
    if (!row || row.open_key === null) return;
    await ctx.data.run('update notification_digests set open_key = null where id = ?', [digestId], em);
    const items = parseItems(row.items);
    const type = row.digest_key.slice(0, row.digest_key.indexOf(':')) as NotificationType;
    if (items.length === 0 || !NOTIFICATION_TYPES.includes(type)) return;
    const message = digestText(items);
    await createNotification(ctx, em, { guildId: row.guild_id, userId: row.user_id, type, key: `digest:${digestId}`, ...message }, prefs, ctx.name, now);
  });
}

/** One message for a window: odds moves grouped per game and market; anything else listed. */
function digestText(items: DigestEntry[]): { title: string; body: string; fields: { name: string; value: string }[] } {
  if (items.length === 1) return { title: items[0]!.title, body: items[0]!.body, fields: [] };
  const moves = items.map((i) => digestItemSchema.safeParse(i.data));
  if (moves.every((m) => m.success)) return digestMessage(groupDigest(moves.map((m) => m.data!)));
  const lines = items.slice(0, 20).map((i) => `• ${i.title}`);
  if (items.length > 20) lines.push(`…and ${items.length - 20} more`);
  return { title: `${items.length} updates`, body: lines.join('\n').slice(0, 2000), fields: [] };
}

