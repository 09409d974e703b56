import { Refusal } from 'dbsbm';
import { WebhookDeliverySchema } from '../entities/delivery.ts';
import type { WebhooksContext } from './context.ts';
import type { DeliveryJob } from './fanout.ts';

/** Sends one past delivery again (same `webhook-id`, so receivers that de-duplicate ignore it if they had it). */
export async function replayDelivery(ctx: WebhooksContext, guildId: string, deliveryId: number): Promise<number> {
  const delivery = await ctx.em().findOne(WebhookDeliverySchema, { id: deliveryId, guildId });
  if (!delivery) throw new Refusal('NOT_FOUND', `This server has no delivery #${deliveryId}. See them with /webhook deliveries.`);
  await ctx.jobs.enqueue(ctx.em(), 'deliver', delivery.payload as unknown as DeliveryJob, { guildId, idempotencyKey: `replay:${delivery.id}:${Date.now()}` });
  return 1;
}

/** Sends again every event an endpoint was sent (or tried) since a time, once each. */
export async function replaySince(ctx: WebhooksContext, guildId: string, integrationId: number, since: number): Promise<number> {
  const rows = await ctx.em().find(WebhookDeliverySchema, { guildId, integrationId, createdAt: { $gte: since } }, { orderBy: { id: 'asc' } });
  const byMessage = new Map<string, DeliveryJob>();
  for (const row of rows) byMessage.set(row.messageId, row.payload as unknown as DeliveryJob);
  const em = ctx.em();
  const stamp = Date.now();
  await em.transactional(async (tem) => {
    for (const [messageId, job] of byMessage) await ctx.jobs.enqueue(tem, 'deliver', job, { guildId, idempotencyKey: `replay:${messageId}:${integrationId}:${stamp}` });
  });
  return byMessage.size;
}
