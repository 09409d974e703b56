import type { EventMeta } from 'dbsbm';
import { WebhookIntegrationSchema, type WebhookIntegration } from '../entities/integration.ts';
import type { WebhooksContext } from './context.ts';
import type { Envelope } from './formats.ts';

/** The payload of a delivery job: everything needed to send (and resend) one event to one endpoint. */
export interface DeliveryJob {
  integrationId: number;
  messageId: string;
  envelope: Envelope;
}

/**
 * Enqueues one durable delivery per subscribed, active endpoint. The job key is the event id and the endpoint, so
 * an event delivered twice to this subscriber (a retried durable event, or several instances over Redis) still
 * makes one delivery; its `webhook-id` is the same on every attempt.
 */
export async function fanOut(ctx: WebhooksContext, type: string, subscription: string, data: Record<string, unknown>, meta: EventMeta): Promise<number> {
  const em = ctx.em();
  const where = meta.guildId ? { guildId: meta.guildId, isActive: true } : { isActive: true };
  const subscribed = (await em.find(WebhookIntegrationSchema, where)).filter((e) => e.events.includes(subscription));
  // Guildless events (odds.moved, game.final, system.health) go only to servers where the plugin is on (the job is
  // gated again when it runs). Asked before the transaction: the gate may read guild state on a connection of its
  // own, and asking it inside starved the pool (issue 13).
  const endpoints: WebhookIntegration[] = [];
  for (const endpoint of subscribed) if (meta.guildId || (await ctx.gate(endpoint.guildId)).ok) endpoints.push(endpoint);
  let queued = 0;
  await em.transactional(async (tem) => {
    for (const endpoint of endpoints) {
      const job: DeliveryJob = {
        integrationId: endpoint.id,
        messageId: `msg_${meta.id}`,
        envelope: { type, timestamp: new Date(meta.publishedAt).toISOString(), data },
      };
      await ctx.jobs.enqueue(tem, 'deliver', job, { guildId: endpoint.guildId, idempotencyKey: `wh:${meta.id}:${endpoint.id}` });
      queued++;
    }
  });
  return queued;
}
