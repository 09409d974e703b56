import { z } from 'zod';
import { CHANNELS, NOTIFICATION_TYPES, type ChannelName, type NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';
import { quietHoursSchema, type QuietHours } from './quiet-hours.ts';

/** Channels a type goes to for a member who never chose: a DM (the only channel that needs no setup). */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationType, readonly ChannelName[]>> = Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, ['dm']])) as Record<NotificationType, ChannelName[]>;

const channelList = z.array(z.enum(CHANNELS)).max(CHANNELS.length);

// What is stored in user_settings.notification_preferences. Parsed leniently: a value written by an older version
// (or edited by hand) falls back to the defaults field by field instead of failing a delivery.
const storedSchema = z.object({
  v: z.literal(1).catch(1),
  channels: z.partialRecord(z.enum(NOTIFICATION_TYPES), channelList).catch({}),
  quietHours: quietHoursSchema.nullable().catch(null),
  digestMinutes: z.number().int().min(1).max(1440).nullable().catch(null),
  /** Types muted altogether. */
  muted: z.array(z.enum(NOTIFICATION_TYPES)).catch([]),
});

/** A member's notification choices, shared by every server they are in (the seed's `notification_preferences`). */
export interface MemberNotificationPrefs {
  /** Channels per type, in the order tried. */
  channels: Record<NotificationType, ChannelName[]>;
  quietHours: QuietHours | null;
  /** Their digest window; null: the bot's default. */
  digestMinutes: number | null;
  muted: NotificationType[];
}

/** Reads a stored value (or null) into full preferences with defaults. */
export function parsePrefs(stored: Record<string, unknown> | null): MemberNotificationPrefs {
  const parsed = storedSchema.safeParse(stored ?? {});
  const data = parsed.success ? parsed.data : storedSchema.parse({});
  const channels = Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, [...new Set(data.channels[t] ?? DEFAULT_CHANNELS[t])]])) as Record<NotificationType, ChannelName[]>;
  return { channels, quietHours: data.quietHours, digestMinutes: data.digestMinutes, muted: data.muted };
}

/** The value stored for `prefs` (only what differs from the defaults, so later default changes reach them). */
export function storedPrefs(prefs: MemberNotificationPrefs): Record<string, unknown> {
  const channels: Partial<Record<NotificationType, ChannelName[]>> = {};
  for (const t of NOTIFICATION_TYPES) if (prefs.channels[t].join(',') !== DEFAULT_CHANNELS[t].join(',')) channels[t] = prefs.channels[t];
  return { v: 1, channels, quietHours: prefs.quietHours, digestMinutes: prefs.digestMinutes, muted: prefs.muted };
}

/** Loads, changes and stores a member's preferences. */
export async function updatePrefs(ctx: NotificationsContext, userId: string, change: (prefs: MemberNotificationPrefs) => void): Promise<MemberNotificationPrefs> {
  const prefs = parsePrefs((await ctx.users.get(userId)).notificationPreferences);
  change(prefs);
  await ctx.users.set(userId, { notificationPreferences: storedPrefs(prefs) });
  return prefs;
}

export async function prefsOf(ctx: NotificationsContext, userId: string): Promise<MemberNotificationPrefs> {
  return parsePrefs((await ctx.users.get(userId)).notificationPreferences);
}

/** Preferences of many members in one read (do it before a transaction: it takes a connection of its own). */
export async function prefsOfMany(ctx: NotificationsContext, userIds: readonly string[]): Promise<Map<string, MemberNotificationPrefs>> {
  const rows = await ctx.users.many(userIds);
  return new Map([...rows].map(([id, row]) => [id, parsePrefs(row.notificationPreferences)]));
}

/** Turns one channel on or off for one type (on: appended, so the member's earlier order stays). */
export function toggleChannel(prefs: MemberNotificationPrefs, type: NotificationType, channel: ChannelName, on: boolean): void {
  const list = prefs.channels[type].filter((c) => c !== channel);
  prefs.channels[type] = on ? [...list, channel] : list;
}
