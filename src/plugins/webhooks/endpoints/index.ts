import type { ApiRoute } from 'dbsbm';
import type { WebhooksContext } from '../services/context.ts';
import { listDeliveries } from './deliveries.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints } from './endpoints.ts';

/** The webhooks plugin's routes of the public API, under `/api/v1/webhooks`: endpoints and their deliveries. */
export function webhooksEndpoints(ctx: WebhooksContext): ApiRoute[] {
  return [listEndpoints(ctx), getEndpoint(ctx), createEndpoint(ctx), deleteEndpoint(ctx), listDeliveries(ctx)];
}
