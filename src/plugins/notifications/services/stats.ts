import type { ChannelName, NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';

/** Counts for one type on one channel over a period. */
export interface StatsRow {
  type: NotificationType;
  channel: ChannelName;
  sent: number;
  delivered: number;
  failed: number;
  opened: number;
  clicked: number;
}

const KINDS = ['sent', 'delivered', 'failed', 'opened', 'clicked'] as const;

/** What happened to a server's notifications since `since`, per type and channel. */
export async function notificationStats(ctx: NotificationsContext, guildId: string, since: number): Promise<StatsRow[]> {
  const rows = await ctx.data.all<{ type: NotificationType; channel: ChannelName; kind: (typeof KINDS)[number]; n: number | string }>(
    'select type, channel, kind, count(*) as n from notification_events where guild_id = ? and at >= ? group by type, channel, kind',
    [guildId, since],
  );
  const byKey = new Map<string, StatsRow>();
  for (const r of rows) {
    const key = `${r.type}:${r.channel}`;
    const row = byKey.get(key) ?? { type: r.type, channel: r.channel, sent: 0, delivered: 0, failed: 0, opened: 0, clicked: 0 };
    if ((KINDS as readonly string[]).includes(r.kind)) row[r.kind] += Number(r.n);
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => b.sent - a.sent || a.type.localeCompare(b.type) || a.channel.localeCompare(b.channel));
}
