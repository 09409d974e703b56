import type { NotificationsContext } from './context.ts';
import type { LinkClaims } from './links.ts';

/**
 * Records an open or a click from a signed link, once per notification and channel: mail clients reload images, and a
 * push click arrives both as the worker's beacon and as the tracked link it opens.
 */
export async function recordInteraction(ctx: NotificationsContext, claims: LinkClaims, kind: 'opened' | 'clicked', now = Date.now()): Promise<void> {
  if (claims.n === 0) return;
  const seen = await ctx.data.get('select id from notification_events where notification_id = ? and channel = ? and kind = ?', [claims.n, claims.c, kind]);
  if (seen) return;
  await ctx.data.run('insert into notification_events (guild_id, notification_id, type, channel, kind, at) values (?, ?, ?, ?, ?, ?)', [claims.g, claims.n, claims.t, claims.c, kind, now]);
}
