import { z } from 'zod';
import type { WebhookDelivery } from '../entities/delivery.ts';
import { WEBHOOK_FORMATS, type WebhookIntegration } from '../entities/integration.ts';
import { DELIVERY_OUTCOMES, endpointHealth } from '../services/endpoint-pages.ts';

/** The `:endpointId` of a path: the number `/webhook list` shows. */
export const endpointParams = z.object({ endpointId: z.coerce.number().int().positive().describe('The endpoint, as `/webhook list` numbers it.') });

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An endpoint as the API shows it. It has no field for the signing secret: no response but the creation's carries one. */
export const endpointShape = z
  .object({
    id: z.number().int(),
    url: z.string().describe('Where events are sent (https).'),
    events: z.array(z.string()).describe('Events it receives, e.g. `bet.placed`; `custom` covers events sent with `/webhook send`.'),
    format: z.enum(WEBHOOK_FORMATS).describe('Body format: `standard` (Standard Webhooks), `discord`, `zapier` or `ifttt`.'),
    active: z.boolean().describe('False once disabled: nothing more is sent to it.'),
    health: z
      .object({
        status: z.enum(['healthy', 'failing', 'disabled']).describe('`failing`: its last attempts failed and are being retried; `disabled`: no longer sent to.'),
        consecutiveFailures: z.number().int().describe('Attempts that failed in a row, since the last success.'),
        failingSince: z.string().nullable().describe('When the current failure streak began (ISO 8601); null when healthy. After five days the endpoint is disabled.'),
        disabledReason: z.string().nullable().describe('Why it was disabled (a 410 answer, five days of failures); null while active.'),
      })
      .meta({ id: 'WebhookEndpointHealth' }),
    createdAt: z.string().describe('ISO 8601.'),
  })
  .meta({ id: 'WebhookEndpoint', description: "One of the server's webhook endpoints. Its signing secret is shown only once, in the response that creates it." });

export const createdEndpointShape = endpointShape
  .extend({
    secret: z.string().describe('The signing secret (`whsec_…`) to verify deliveries with. Shown only in this response: store it now; it cannot be read again (rotate it with `/webhook rotate-secret`).'),
  })
  .meta({ id: 'CreatedWebhookEndpoint', description: 'A new endpoint, with its signing secret shown this once.' });

export const deliveryShape = z
  .object({
    id: z.number().int(),
    endpointId: z.number().int(),
    messageId: z.string().describe('The `webhook-id` header: the same for every attempt of one event to one endpoint, so receivers can drop repeats.'),
    eventType: z.string().describe('e.g. `bet.placed`, `custom.promo`, `webhook.test`.'),
    attempt: z.number().int().describe('Which try this was, from 1.'),
    outcome: z.enum(DELIVERY_OUTCOMES).describe('`delivered`; `retrying` (another try is scheduled); `failed` (no more tries); `disabled` (this answer disabled the endpoint).'),
    statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when no answer came (timeout, refused connection)."),
    latencyMs: z.number().int().nullable(),
    error: z.string().nullable().describe('What went wrong, when something did.'),
    responseExcerpt: z.string().nullable().describe("The start of the receiver's answer."),
    nextAttemptAt: z.string().nullable().describe('When the next try is due (ISO 8601), for `retrying`.'),
    createdAt: z.string().describe('When the attempt was made (ISO 8601).'),
  })
  .meta({ id: 'WebhookDelivery', description: 'One attempt to deliver one event to one endpoint.' });

/** An endpoint as the API shows it: chosen fields only, so no sealed secret can slip into a response. */
export function endpointBody(e: WebhookIntegration): z.input<typeof endpointShape> {
  return {
    id: e.id,
    url: e.webhookUrl,
    events: e.events,
    format: e.webhookType,
    active: e.isActive,
    health: { status: endpointHealth(e), consecutiveFailures: e.consecutiveFailures, failingSince: iso(e.failingSince), disabledReason: e.disabledReason },
    createdAt: e.createdAt.toISOString(),
  };
}

export function deliveryBody(d: WebhookDelivery): z.input<typeof deliveryShape> {
  return {
    id: d.id,
    endpointId: d.integrationId,
    messageId: d.messageId,
    eventType: d.eventType,
    attempt: d.attempt,
    outcome: d.outcome,
    statusCode: d.statusCode,
    latencyMs: d.latencyMs,
    error: d.error,
    responseExcerpt: d.responseExcerpt,
    nextAttemptAt: iso(d.nextAttemptAt),
    createdAt: new Date(d.createdAt).toISOString(),
  };
}
