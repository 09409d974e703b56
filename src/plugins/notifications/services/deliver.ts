import { PermanentJobError, RetryLaterError, type JobBatchResult, type JobRun } from 'dbsbm';
import type { ChannelName, SendOutcome } from '../channels/types.ts';
import { createDiscordChannel } from '../channels/discord.ts';
import { channelsConfigured, channelsOf } from './channel-registry.ts';
import type { NotificationsContext } from './context.ts';
import { loadContacts, loadDeliveries, loadNotifications, loadPushSubscriptions, routedChannel, type LoadedNotification } from './delivery-reads.ts';
import { trackingLinks } from './links.ts';
import { queueDelivery } from './raise.ts';
import { fallbackAfter } from './routing.ts';
import { stillRelevant } from './relevance.ts';

/** Tries per channel before it counts as failed for good (and the next channel is tried). */
export const DELIVERY_ATTEMPTS = 6;

/** 30 s, 2 min, 8 min, 30 min, 2 h: a provider's bad hour does not lose a notification. */
export const deliveryBackoff = (attempt: number): number => Math.min(2 * 3_600_000, 30_000 * 4 ** (attempt - 1));

interface DeliveryJob {
  id: number;
  channel: ChannelName;
}

type Result = SendOutcome | { status: 'skipped'; reason: string } | { status: 'done' };

/**
 * Delivers a batch of (notification, channel) jobs: each through its channel, then, in the transaction that records
 * the outcomes, the delivery rows, the figures for `/notifications stats`, removed push subscriptions and the next
 * channel of a notification whose channel failed for good.
 */
export async function deliverBatch(ctx: NotificationsContext, runs: readonly JobRun[]): Promise<JobBatchResult> {
  const jobs = runs.map((r) => r.payload as DeliveryJob);
  const ids = jobs.map((j) => j.id);
  const [notifications, deliveries] = await Promise.all([loadNotifications(ctx, ids), loadDeliveries(ctx, ids)]);
  const members = [...notifications.values()].flatMap((n) => (n.userId === null ? [] : [n.userId]));
  const [emails, phones, pushes] = await Promise.all([
    jobs.some((j) => j.channel === 'email') ? loadContacts(ctx, members, 'email') : new Map<string, string>(),
    jobs.some((j) => j.channel === 'sms') ? loadContacts(ctx, members, 'sms') : new Map<string, string>(),
    jobs.some((j) => j.channel === 'push') ? loadPushSubscriptions(ctx, members) : new Map(),
  ]);
  const goneSubscriptions: number[] = [];
  const registry = channelsOf(ctx);
  const discord = createDiscordChannel(ctx.discord, ctx.counters, ctx.options.discordPerSecond);

  const send = async (job: DeliveryJob): Promise<Result> => {
    const n = notifications.get(job.id);
    if (!n || deliveries.status.get(`${job.id}:${job.channel}`) !== 'queued') return { status: 'done' };
    if (!(await stillRelevant(ctx, n))) return { status: 'skipped', reason: 'no longer relevant' };
    const links = registry.secret === null ? null : trackingLinks(registry.base, registry.secret, n, job.channel);
    const url = n.url === null ? null : (links?.click(n.url) ?? n.url);
    switch (job.channel) {
      case 'dm':
        return discord.send(n, n.userId === null ? { kind: 'owner', guildId: n.guildId } : { kind: 'dm', userId: n.userId }, url);
      case 'channel': {
        const channelId = await routedChannel(ctx, n.guildId, n.type);
        return channelId === null ? { status: 'skipped', reason: 'the server has no channel for this type' } : discord.send(n, { kind: 'channel', channelId, mention: n.userId }, url);
      }
      case 'email': {
        const to = n.userId === null ? undefined : emails.get(n.userId);
        return !registry.email || !links || !to ? { status: 'skipped', reason: 'no confirmed e-mail address' } : registry.email.send(n, to, links);
      }
      case 'sms': {
        const to = n.userId === null ? undefined : phones.get(n.userId);
        return !registry.sms || !to ? { status: 'skipped', reason: 'no confirmed phone number' } : registry.sms.send(n, to, url);
      }
      case 'push': {
        const subs = n.userId === null ? [] : ((pushes.get(n.userId) ?? []) as { id: number; endpoint: string; p256dh: string; auth: string }[]);
        if (!registry.push || !links || subs.length === 0) return { status: 'skipped', reason: 'push is not turned on in any browser' };
        return sendToEveryBrowser(subs, (s) => registry.push!.send(n, s, links), goneSubscriptions);
      }
    }
  };
  const results = await Promise.all(jobs.map((job) => send(job).catch((err: unknown): Result => ({ status: 'retry', reason: err instanceof Error ? err.message : String(err) }))));

  const now = Date.now();
  const updates: { id: number; channel: ChannelName; status: string; providerId: string | null; error: string | null; attempt: number }[] = [];
  const events: { n: LoadedNotification; channel: ChannelName; kind: string }[] = [];
  const fallbacks: { n: LoadedNotification; channel: ChannelName }[] = [];
  const outcomes = runs.map((run, i): unknown => {
    const job = jobs[i]!;
    const n = notifications.get(job.id);
    const result = results[i]!;
    if (!n || result.status === 'done') return undefined;
    const settle = (status: string, fields: { providerId?: string | null; error?: string | null }): void => {
      updates.push({ id: job.id, channel: job.channel, status, providerId: fields.providerId ?? null, error: fields.error?.slice(0, 500) ?? null, attempt: run.attempt });
    };
    const fallBack = (): void => {
      const used = deliveries.used.get(job.id) ?? [job.channel];
      const next = fallbackAfter(job.channel, used, channelsConfigured(ctx));
      if (next !== null) fallbacks.push({ n, channel: next });
    };
    if (result.status === 'delivered') {
      settle('delivered', { providerId: result.providerId ?? null });
      events.push({ n, channel: job.channel, kind: 'sent' }, { n, channel: job.channel, kind: 'delivered' });
      return undefined;
    }
    if (result.status === 'skipped') {
      settle('skipped', { error: result.reason });
      fallBack();
      return undefined;
    }
    const lastTry = run.attempt >= DELIVERY_ATTEMPTS;
    if (result.status === 'permanent' || lastTry) {
      settle('failed', { error: result.reason });
      events.push({ n, channel: job.channel, kind: 'sent' }, { n, channel: job.channel, kind: 'failed' });
      fallBack();
      return result.status === 'permanent' ? undefined : new PermanentJobError(result.reason);
    }
    settle('queued', { error: result.reason });
    return result.retryAfterMs !== undefined ? new RetryLaterError(result.reason, result.retryAfterMs) : new Error(result.reason);
  });

  return {
    outcomes,
    write: async (em) => {
      for (const u of updates) {
        await ctx.data.run('update notification_deliveries set status = ?, provider_id = ?, error = ?, attempts = ?, updated_at = ? where notification_id = ? and channel = ?', [u.status, u.providerId, u.error, u.attempt, now, u.id, u.channel], em);
      }
      if (events.length > 0) {
        const values = events.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
        await ctx.data.run(`insert into notification_events (guild_id, notification_id, type, channel, kind, at) values ${values}`, events.flatMap((e) => [e.n.guildId, e.n.id, e.n.type, e.channel, e.kind, now]), em);
      }
      for (const id of goneSubscriptions) await ctx.data.run('delete from notification_push_subscriptions where id = ?', [id], em);
      for (const f of fallbacks) await queueDelivery(ctx, em, f.n, f.channel, now, now);
    },
  };
}

/** A push goes to every browser the member turned it on in; delivered if one took it, gone ones removed. */
async function sendToEveryBrowser<S extends { id: number }>(subs: S[], send: (s: S) => Promise<SendOutcome>, gone: number[]): Promise<SendOutcome> {
  const outcomes = await Promise.all(subs.map(send));
  outcomes.forEach((o, i) => {
    if (o.status === 'permanent' && o.gone) gone.push(subs[i]!.id);
  });
  return outcomes.find((o) => o.status === 'delivered') ?? outcomes.find((o) => o.status === 'retry') ?? outcomes[0]!;
}
