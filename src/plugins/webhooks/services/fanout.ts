import type { EventMeta } from 'dbsbm';
import type { WebhooksContext } from './context.ts';
import type { PendingDelivery } from './enqueue-batcher.ts';
import type { Envelope } from './formats.ts';
import { runtimeOf } from './runtime.ts';

/** The payload of a delivery job: everything needed to send (and resend) one event to one endpoint. */
export interface DeliveryJob {
  integrationId: number;
  messageId: string;
  envelope: Envelope;
}

/**
 * Enqueues one durable delivery per subscribed, active endpoint. The job key is the event id and the endpoint, so
 * an event delivered twice to this subscriber (a retried durable event) still makes one delivery; its `webhook-id`
 * is the same on every attempt. The endpoints come from the cache (endpoint-cache.ts), and the jobs of fan-outs that
 * run together are written in one transaction (enqueue-batcher.ts).
 */
export async function fanOut(ctx: WebhooksContext, type: string, subscription: string, data: Record<string, unknown>, meta: EventMeta): Promise<number> {
  const runtime = runtimeOf(ctx);
  const subscribed = (await runtime.endpoints.get(meta.guildId)).filter((e) => e.events.includes(subscription));
  if (subscribed.length === 0) return 0;
  // Guildless events (odds.moved, game.final, system.health) go only to servers where the plugin is on (the job is
  // gated again when it runs). Asked before any transaction: the gate may read guild state on a connection of its
  // own (issue 13).
  const jobs: PendingDelivery[] = [];
  const envelope: Envelope = { type, timestamp: new Date(meta.publishedAt).toISOString(), data };
  for (const endpoint of subscribed) {
    if (!meta.guildId && !(await ctx.gate(endpoint.guildId)).ok) continue;
    const job: DeliveryJob = { integrationId: endpoint.id, messageId: `msg_${meta.id}`, envelope };
    jobs.push({ payload: job, options: { guildId: endpoint.guildId, idempotencyKey: `wh:${meta.id}:${endpoint.id}` } });
  }
  await runtime.deliveries.enqueue(jobs);
  return jobs.length;
}
