import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { ChannelName } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';
import { joinDigest } from './digest-window.ts';
import type { MemberNotificationPrefs } from './preferences.ts';
import { quietUntil } from './quiet-hours.ts';
import type { ValidRequest } from './request.ts';
import { channelsConfigured } from './channel-registry.ts';
import { startingChannels } from './routing.ts';
import { insertIgnore } from './sql-dialect.ts';

/** Delivery jobs through Discord: paced below Discord's global limit. */
export const DELIVER_JOB = 'deliver';
/**
 * Delivery jobs through e-mail, push and SMS: a lane of their own, so a blast's mails are not held behind its paced
 * DMs in the same batches.
 */
export const DELIVER_DIRECT_JOB = 'deliver-direct';

const jobOf = (channel: ChannelName): string => (channel === 'dm' || channel === 'channel' ? DELIVER_JOB : DELIVER_DIRECT_JOB);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The same request for the same recipient makes one notification, however often it is raised. */
export const dedupeKeyOf = (guildId: string, userId: string | null, type: string, key: string): string => sha256(`${guildId}|${userId ?? 'admins'}|${type}|${key}`);

/** The members a request is for (none: a server's admins). */
export const recipientsOf = (req: ValidRequest): string[] => ('userIds' in req.to ? [...new Set(req.to.userIds)] : []);

/**
 * Turns a request into notifications, in the caller's transaction: per recipient, their channels for the type, quiet
 * hours, or their open digest. `prefs` holds every recipient's preferences, read before the transaction (see
 * `prefsOfMany`). Returns the ids of the notifications made (none for digested or muted recipients).
 */
export async function raise(
  ctx: NotificationsContext,
  em: EntityManager,
  req: ValidRequest,
  prefsByUser: ReadonlyMap<string, MemberNotificationPrefs>,
  source: string,
  now = Date.now(),
): Promise<number[]> {
  const ids: number[] = [];
  const recipients: (string | null)[] = 'userIds' in req.to ? recipientsOf(req) : [null];
  for (const userId of recipients) {
    const prefs = userId === null ? null : (prefsByUser.get(userId) ?? null);
    if (userId !== null && prefs === null) throw new Error(`notifications: preferences of ${userId} were not read before raising`);
    if (prefs?.muted.includes(req.type)) continue;
    if (userId !== null && prefs !== null && req.digestKey !== undefined) {
      await joinDigest(ctx, em, { guildId: req.guildId, userId, type: req.type, digestKey: req.digestKey, item: { title: req.title, body: req.body, data: req.data ?? null }, minutes: prefs.digestMinutes ?? ctx.options.digestMinutes }, now);
      continue;
    }
    const id = await createNotification(ctx, em, { ...req, userId }, prefs, source, now);
    if (id !== null) ids.push(id);
  }
  return ids;
}

/** What a notification row is made of. */
export type NotificationDraft = Omit<ValidRequest, 'to' | 'digestKey'> & { userId: string | null };

/** Writes one notification and a delivery job per starting channel; null when it exists already or has nowhere to go. */
export async function createNotification(
  ctx: NotificationsContext,
  em: EntityManager,
  draft: NotificationDraft,
  prefs: MemberNotificationPrefs | null,
  source: string,
  now = Date.now(),
): Promise<number | null> {
  // A server's admins: its routed channel for the type, and its owner by DM (an announcement: the channel only).
  const channels: ChannelName[] = prefs === null ? (draft.type === 'custom' ? ['channel'] : ['channel', 'dm']) : startingChannels(prefs.channels[draft.type], channelsConfigured(ctx));
  if (channels.length === 0) return null;
  let sendAt = Math.max(now, draft.sendAt ?? now);
  if (!draft.critical && prefs?.quietHours) sendAt = quietUntil(sendAt, prefs.quietHours) ?? sendAt;
  const inserted = await ctx.data.run(
    insertIgnore(ctx.data.dialect, 'notifications', ['guild_id', 'user_id', 'type', 'dedupe_key', 'title', 'body', 'url', 'fields', 'critical', 'source', 'channels', 'data', 'created_at', 'send_at']),
    [
      draft.guildId,
      draft.userId,
      draft.type,
      dedupeKeyOf(draft.guildId, draft.userId, draft.type, draft.key),
      draft.title,
      draft.body,
      draft.url ?? null,
      draft.fields ? JSON.stringify(draft.fields) : null,
      draft.critical ? 1 : 0,
      source,
      JSON.stringify(channels),
      draft.data ? JSON.stringify(draft.data) : null,
      now,
      sendAt,
    ],
    em,
  );
  if (inserted.changes === 0 || inserted.lastInsertId === null) return null;
  const id = inserted.lastInsertId;
  for (const channel of channels) await queueDelivery(ctx, em, { id, guildId: draft.guildId, type: draft.type }, channel, sendAt, now);
  return id;
}

/** A delivery row and its durable job (one per notification and channel: the idempotency key `n:<id>:<channel>`). */
export async function queueDelivery(
  ctx: NotificationsContext,
  em: EntityManager,
  n: { id: number; guildId: string; type: string },
  channel: ChannelName,
  runAt: number,
  now = Date.now(),
): Promise<void> {
  const added = await ctx.data.run(
    insertIgnore(ctx.data.dialect, 'notification_deliveries', ['notification_id', 'guild_id', 'type', 'channel', 'status', 'attempts', 'created_at', 'updated_at']),
    [n.id, n.guildId, n.type, channel, 'queued', 0, now, now],
    em,
  );
  if (added.changes === 0) return;
  await ctx.jobs.enqueue(em, jobOf(channel), { id: n.id, channel }, { guildId: n.guildId, idempotencyKey: `n:${n.id}:${channel}`, runAt });
}
