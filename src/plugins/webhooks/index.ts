import { definePlugin, type EventMeta, type EventName } from 'dbsbm';
import { webhookCommand } from './commands/webhook-command.ts';
import { webhooksEndpoints } from './endpoints/index.ts';
import { WebhookDeliverySchema } from './entities/delivery.ts';
import { WebhookIntegrationSchema } from './entities/integration.ts';
import { WEBHOOK_PUBLISHED_EVENTS } from './events.ts';
import { createWebhookTables } from './migrations/Migration20261124030000_webhooks.ts';
import { WEBHOOK_REFUSALS } from './refusals.ts';
import { deliverBatch, deliveryBackoff, DELIVERY_ATTEMPTS, DELIVERY_BATCH } from './services/deliver.ts';
import { fanOut } from './services/fanout.ts';
import { closeRuntime, runtimeOf } from './services/runtime.ts';
import { webhookOptions } from './settings.ts';

/** Bus events → the subscription name an endpoint chooses. */
const ROUTES: [EventName, string][] = [
  ['bet.placed', 'bet.placed'],
  ['bet.settled', 'bet.settled'],
  ['odds.moved', 'odds.moved'],
  ['game.final', 'game.final'],
  ['user.activity', 'user.activity'],
  ['system.health', 'system.health'],
  ['webhook.custom', 'custom'],
];

/**
 * Webhooks: signed (Standard Webhooks), durable and SSRF-safe delivery of a server's events to its own services.
 * Platinum. See README.md beside this file and docs/webhooks.md.
 */
export default definePlugin({
  name: 'webhooks',
  version: '1.0.0',
  description: 'Signed, durable event delivery to your own services',
  tier: 'platinum',
  requires: ['betting'],
  options: webhookOptions,
  entities: [WebhookIntegrationSchema, WebhookDeliverySchema],
  migrations: [createWebhookTables],
  commands: (ctx) => [webhookCommand(ctx)],
  endpoints: (ctx) => webhooksEndpoints(ctx),
  events: WEBHOOK_PUBLISHED_EVENTS,
  refusals: WEBHOOK_REFUSALS,
  jobs: {
    deliver: {
      batch: { ...DELIVERY_BATCH, handler: (runs, ctx) => deliverBatch(ctx, runs) },
      maxAttempts: DELIVERY_ATTEMPTS,
      backoff: deliveryBackoff,
    },
    health: {
      cron: '0 0 * * * *',
      handler: async (_run, ctx) => {
        await ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'system.health', { status: 'ok', at: new Date().toISOString(), instance: ctx.name }));
      },
    },
  },
  setup(ctx) {
    runtimeOf(ctx);
    // Another instance changed a server's endpoints (this one heard its own change already and forgets it again: harmless).
    ctx.events.subscribe('webhook.endpoints.changed', ({ endpointsOfGuild }) => runtimeOf(ctx).endpoints.invalidate(endpointsOfGuild));
    for (const [event, subscription] of ROUTES) {
      ctx.events.subscribe(event, async (payload: unknown, meta: EventMeta) => {
        const data = { ...(payload as Record<string, unknown>) };
        const type = event === 'webhook.custom' ? `custom.${String(data.name)}` : event;
        await fanOut(ctx, type, subscription, data, meta);
      });
    }
  },
  teardown(ctx) {
    closeRuntime(ctx);
  },
});
