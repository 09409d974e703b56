import type { ChannelName, NotificationType, OutgoingNotification } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';

/** A notification as a delivery needs it. */
export interface LoadedNotification extends OutgoingNotification {
  channels: ChannelName[];
  data: Record<string, string | number | boolean | null> | null;
}

const json = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** The notifications of a batch, by id. */
export async function loadNotifications(ctx: NotificationsContext, ids: readonly number[]): Promise<Map<number, LoadedNotification>> {
  const unique = [...new Set(ids)];
  const rows = await ctx.data.all<Record<string, unknown>>(`select id, guild_id, user_id, type, title, body, url, fields, critical, channels, data, created_at from notifications where id in (${marks(unique.length)})`, unique);
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        guildId: String(r.guild_id),
        userId: r.user_id === null ? null : String(r.user_id),
        type: String(r.type) as NotificationType,
        title: String(r.title),
        body: String(r.body),
        url: r.url === null ? null : String(r.url),
        fields: json(r.fields, []),
        critical: Boolean(Number(r.critical)),
        createdAt: Number(r.created_at),
        channels: json(r.channels, []),
        data: json(r.data, null),
      },
    ]),
  );
}

/** Delivery rows of a batch: `<id>:<channel>` → status, and every channel already used per notification. */
export async function loadDeliveries(ctx: NotificationsContext, ids: readonly number[]): Promise<{ status: Map<string, string>; used: Map<number, ChannelName[]> }> {
  const unique = [...new Set(ids)];
  const rows = await ctx.data.all<{ notification_id: number; channel: ChannelName; status: string }>(`select notification_id, channel, status from notification_deliveries where notification_id in (${marks(unique.length)})`, unique);
  const status = new Map<string, string>();
  const used = new Map<number, ChannelName[]>();
  for (const r of rows) {
    status.set(`${r.notification_id}:${r.channel}`, r.status);
    used.set(Number(r.notification_id), [...(used.get(Number(r.notification_id)) ?? []), r.channel]);
  }
  return { status, used };
}

/** Confirmed contacts (e-mail address, phone) of members, by `<userId>:<kind>`. */
export async function loadContacts(ctx: NotificationsContext, userIds: readonly string[], kind: 'email' | 'sms'): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.data.all<{ user_id: string; address: string }>(`select user_id, address from notification_contacts where kind = ? and verified_at is not null and user_id in (${marks(unique.length)})`, [kind, ...unique]);
  return new Map(rows.map((r) => [r.user_id, r.address]));
}

/** Push subscriptions of members. */
export async function loadPushSubscriptions(ctx: NotificationsContext, userIds: readonly string[]): Promise<Map<string, { id: number; endpoint: string; p256dh: string; auth: string }[]>> {
  const unique = [...new Set(userIds)];
  const out = new Map<string, { id: number; endpoint: string; p256dh: string; auth: string }[]>();
  if (unique.length === 0) return out;
  const rows = await ctx.data.all<{ id: number; user_id: string; endpoint: string; p256dh: string; auth: string }>(`select id, user_id, endpoint, p256dh, auth from notification_push_subscriptions where user_id in (${marks(unique.length)})`, unique);
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { id: Number(r.id), endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth }]);
  return out;
}

/** A server's channel for a type (`/notifications route`), or null. */
export async function routedChannel(ctx: NotificationsContext, guildId: string, type: string): Promise<string | null> {
  const row = await ctx.data.get<{ channel_id: string }>('select channel_id from notification_routes where guild_id = ? and type = ?', [guildId, type]);
  return row?.channel_id ?? null;
}
