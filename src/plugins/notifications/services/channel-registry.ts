import { createSecretBox } from 'dbsbm';
import { createEmailChannel } from '../channels/email.ts';
import { createPushChannel } from '../channels/push.ts';
import { createSmsChannel } from '../channels/sms.ts';
import type { NotificationsContext } from './context.ts';
import { tableKeyStore } from './key-store.ts';
import type { ChannelsConfigured } from './routing.ts';
import { loadOrCreateVapidKeys } from './vapid-keys.ts';

/** The channels this instance can send through, made once at setup from the plugin's options. */
export interface ChannelRegistry {
  /** Where links point (no trailing slash). */
  base: string;
  /** Signs links; null: e-mail, push and tracking are off (Discord only). */
  secret: string | null;
  email: ReturnType<typeof createEmailChannel> | null;
  push: (ReturnType<typeof createPushChannel> & { publicKey: string }) | null;
  sms: ReturnType<typeof createSmsChannel> | null;
}

// Keyed by the plugin's context: two apps in one process (tests, the benchmark) keep apart pools.
const registries = new WeakMap<NotificationsContext, ChannelRegistry>();

/** Builds the channels (and the VAPID keys, made on first run and kept) for this context. */
export async function openChannels(ctx: NotificationsContext): Promise<ChannelRegistry> {
  const o = ctx.options;
  const secret = o.linkSecret ?? null;
  let push: ChannelRegistry['push'] = null;
  if (secret !== null) {
    const vapid = await loadOrCreateVapidKeys(tableKeyStore(ctx), createSecretBox(secret, 'notifications/vapid'), o.push.subject);
    push = Object.assign(createPushChannel({ vapid, ...(o.push.ca === undefined ? {} : { ca: o.push.ca }) }), { publicKey: vapid.publicKey });
  }
  const registry: ChannelRegistry = {
    base: (o.publicUrl ?? `http://127.0.0.1:${ctx.config.HTTP_PORT}`).replace(/\/+$/, ''),
    secret,
    email: o.email && secret !== null ? createEmailChannel({ url: o.email.url, from: o.email.from, maxConnections: o.email.maxConnections }) : null,
    push,
    sms: o.sms ? createSmsChannel(o.sms) : null,
  };
  registries.set(ctx, registry);
  return registry;
}

/** The channels of a context opened by {@link openChannels}. */
export function channelsOf(ctx: NotificationsContext): ChannelRegistry {
  const registry = registries.get(ctx);
  if (!registry) throw new Error('notifications: channels used before setup');
  return registry;
}

/** Which optional channels this bot can send through. */
export function channelsConfigured(ctx: NotificationsContext): ChannelsConfigured {
  const registry = registries.get(ctx);
  return { email: Boolean(registry?.email), push: Boolean(registry?.push), sms: Boolean(registry?.sms) };
}

export function closeChannels(ctx: NotificationsContext): void {
  const registry = registries.get(ctx);
  registry?.email?.close();
  registry?.push?.close();
  registries.delete(ctx);
}
