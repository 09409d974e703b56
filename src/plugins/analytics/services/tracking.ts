import type { AnalyticsContext } from './context.ts';

/**
 * Records one thing a member did, only if they consented to analytics (`/preferences set analytics:true`), and
 * tells the server's webhooks (`user.activity`) in the same transaction. Returns whether it was recorded.
 */
export async function track(
  ctx: AnalyticsContext,
  input: { guildId: string; userId: string; eventType: string; data: Record<string, unknown>; at?: number; key?: string },
): Promise<boolean> {
  const prefs = await ctx.users.get(input.userId);
  if (!prefs.analyticsConsent) return false;
  return ctx.em().transactional(async (tx) => {
    const res = (await tx.execute(
      `${ctx.dialect === 'mysql' ? 'insert ignore' : 'insert or ignore'} into user_analytics (user_id, guild_id, event_type, event_key, event_data, timestamp) values (?, ?, ?, ?, ?, ?)`,
      [input.userId, input.guildId, input.eventType.slice(0, 50), input.key ?? null, JSON.stringify(input.data), input.at ?? Date.now()],
      'run',
    )) as { affectedRows?: number; changes?: number };
    // Already recorded (the same event delivered again): nothing new to tell.
    if ((res.affectedRows ?? res.changes ?? 0) === 0) return false;
    await ctx.events.publishInTransaction(tx, 'user.activity', { guildId: input.guildId, userId: input.userId, activity: input.eventType });
    return true;
  });
}

/** Forgets a member's tracked activity and patterns in a server (when they withdraw consent, or ask). */
export async function forget(ctx: AnalyticsContext, userId: string): Promise<{ events: number; patterns: number }> {
  return ctx.em().transactional(async (tx) => {
    const conn = tx;
    const events = (await conn.execute('delete from user_analytics where user_id = ?', [userId], 'run')) as { affectedRows?: number; changes?: number };
    const patterns = (await conn.execute('delete from betting_patterns where user_id = ?', [userId], 'run')) as { affectedRows?: number; changes?: number };
    return { events: events.affectedRows ?? events.changes ?? 0, patterns: patterns.affectedRows ?? patterns.changes ?? 0 };
  });
}
