import { defineRoute, pageOf, pageQuery } from 'dbsbm';
import { z } from 'zod';
import { WEBHOOK_FORMATS } from '../entities/integration.ts';
import type { WebhooksContext } from '../services/context.ts';
import { endpointsPage } from '../services/endpoint-pages.ts';
import { addEndpoint, findEndpoint, removeEndpoint } from '../services/endpoints.ts';
import { WEBHOOK_EVENTS } from '../settings.ts';
import { idAfterCursor } from './cursor.ts';
import { createdEndpointShape, endpointBody, endpointParams, endpointShape } from './shapes.ts';

export function listEndpoints(ctx: WebhooksContext) {
  return defineRoute({
    method: 'get',
    path: '/endpoints',
    operationId: 'listWebhookEndpoints',
    summary: "The server's webhook endpoints",
    description: 'Every endpoint of the server, active or disabled, oldest first, with its health. Signing secrets are never listed.',
    query: z.object(pageQuery),
    response: pageOf(endpointShape),
    async handler({ guildId, query }) {
      const page = await endpointsPage(ctx, guildId, { afterId: idAfterCursor(query.cursor), limit: query.limit });
      return { ...page, data: page.data.map(endpointBody) };
    },
  });
}

export function getEndpoint(ctx: WebhooksContext) {
  return defineRoute({
    method: 'get',
    path: '/endpoints/:endpointId',
    operationId: 'getWebhookEndpoint',
    summary: 'One webhook endpoint',
    description: "An endpoint of the server with its health (never its signing secret); 404 for an id that is not this server's.",
    params: endpointParams,
    response: endpointShape,
    async handler({ guildId, params }) {
      return endpointBody(await findEndpoint(ctx, guildId, params.endpointId));
    },
  });
}

export function createEndpoint(ctx: WebhooksContext) {
  return defineRoute({
    method: 'post',
    path: '/endpoints',
    operationId: 'createWebhookEndpoint',
    sensitive: true,
    summary: 'Add a webhook endpoint',
    description:
      "Adds an endpoint as `/webhook add` does, with the same checks: https only, no credentials in the URL, no private, loopback or otherwise internal address (400 BAD_URL), and the server's endpoint limit (429 LIMIT_REACHED). The response carries the signing secret, this once: store it, no other response shows it.",
    body: z
      .object({
        url: z.string().trim().min(1).max(2048).describe('https:// URL of the receiver.'),
        events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).describe('Events to receive; `custom` covers events sent with `/webhook send`.'),
        format: z.enum(WEBHOOK_FORMATS).default('standard').describe('Body format. Default `standard` (Standard Webhooks, signed).'),
      })
      .strict()
      .meta({ id: 'CreateWebhookEndpointRequest' }),
    response: createdEndpointShape,
    async handler({ guildId, body }) {
      const { integration, secret } = await addEndpoint(ctx, { guildId, url: body.url, events: body.events.join(','), format: body.format });
      return { ...endpointBody(integration), secret };
    },
  });
}

export function deleteEndpoint(ctx: WebhooksContext) {
  return defineRoute({
    method: 'delete',
    path: '/endpoints/:endpointId',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Remove a webhook endpoint',
    description: "Removes an endpoint as `/webhook remove` does: nothing more is sent to it (a batch already sending finishes). 404 for an id that is not this server's.",
    params: endpointParams,
    response: z.object({ id: z.number().int(), deleted: z.literal(true) }).meta({ id: 'DeletedWebhookEndpoint' }),
    async handler({ guildId, params }) {
      const removed = await removeEndpoint(ctx, guildId, params.endpointId);
      return { id: removed.id, deleted: true as const };
    },
  });
}
