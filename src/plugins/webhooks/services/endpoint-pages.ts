import { pageFrom, type Page } from 'dbsbm';
import { WebhookDeliverySchema, type WebhookDelivery } from '../entities/delivery.ts';
import { WebhookIntegrationSchema, type WebhookIntegration } from '../entities/integration.ts';
import type { WebhooksContext } from './context.ts';
import { findEndpoint } from './endpoints.ts';

/** Outcomes a delivery attempt can have (see `deliver.ts`). */
export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed', 'disabled'] as const satisfies readonly WebhookDelivery['outcome'][];

/**
 * An endpoint's health in one word: `disabled` (removed from delivery after 410 or five days of failures),
 * `failing` (its last attempts failed and are being retried), or `healthy`.
 */
export function endpointHealth(e: Pick<WebhookIntegration, 'isActive' | 'consecutiveFailures'>): 'healthy' | 'failing' | 'disabled' {
  if (!e.isActive) return 'disabled';
  return e.consecutiveFailures > 0 ? 'failing' : 'healthy';
}

/** A page of a server's endpoints, oldest first (the order of `/webhook list`), after the endpoint `afterId`. */
export async function endpointsPage(ctx: WebhooksContext, guildId: string, options: { afterId: number | null; limit: number }): Promise<Page<WebhookIntegration>> {
  const rows = await ctx
    .em()
    .find(WebhookIntegrationSchema, { guildId, ...(options.afterId !== null ? { id: { $gt: options.afterId } } : {}) }, { orderBy: { id: 'asc' }, limit: options.limit + 1 });
  return pageFrom(rows, options.limit, (e) => ({ v: e.id, id: e.id }));
}

/**
 * A page of one endpoint's delivery attempts, newest first (the order of `/webhook deliveries`), before the attempt
 * `beforeId`, optionally of one outcome.
 * @throws Refusal NOT_FOUND when the endpoint is not the server's.
 */
export async function deliveriesPage(
  ctx: WebhooksContext,
  guildId: string,
  endpointId: number,
  options: { beforeId: number | null; limit: number; outcome?: WebhookDelivery['outcome'] },
): Promise<Page<WebhookDelivery>> {
  const endpoint = await findEndpoint(ctx, guildId, endpointId);
  const rows = await ctx.em().find(
    WebhookDeliverySchema,
    {
      integrationId: endpoint.id,
      guildId,
      ...(options.outcome ? { outcome: options.outcome } : {}),
      ...(options.beforeId !== null ? { id: { $lt: options.beforeId } } : {}),
    },
    { orderBy: { id: 'desc' }, limit: options.limit + 1 },
  );
  return pageFrom(rows, options.limit, (d) => ({ v: d.id, id: d.id }));
}
