import { defineRoute, pageOf, pageQuery } from 'dbsbm';
import { z } from 'zod';
import type { WebhooksContext } from '../services/context.ts';
import { deliveriesPage, DELIVERY_OUTCOMES } from '../services/endpoint-pages.ts';
import { idAfterCursor } from './cursor.ts';
import { deliveryBody, deliveryShape, endpointParams } from './shapes.ts';

export function listDeliveries(ctx: WebhooksContext) {
  return defineRoute({
    method: 'get',
    path: '/endpoints/:endpointId/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "An endpoint's recent delivery attempts",
    description: "Delivery attempts to one of the server's endpoints, newest first (what `/webhook deliveries` shows); 404 for an endpoint that is not this server's.",
    params: endpointParams,
    query: z.object({ ...pageQuery, outcome: z.enum(DELIVERY_OUTCOMES).optional().describe('Only attempts with this outcome.') }),
    response: pageOf(deliveryShape),
    async handler({ guildId, params, query }) {
      const page = await deliveriesPage(ctx, guildId, params.endpointId, { beforeId: idAfterCursor(query.cursor), limit: query.limit, outcome: query.outcome });
      return { ...page, data: page.data.map(deliveryBody) };
    },
  });
}
