import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One attempt to deliver one event to one endpoint (the seed's `webhook_deliveries`). */
export interface WebhookDelivery {
  id: number;
  integrationId: number;
  guildId: string;
  /** The `webhook-id`: the same for every attempt of one event to one endpoint. */
  messageId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  latencyMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
  outcome: 'delivered' | 'retrying' | 'failed' | 'disabled';
  nextAttemptAt: number | null;
  /** The job that delivers it, for replays. */
  payload: Record<string, unknown>;
  createdAt: number;
}

export const WebhookDeliverySchema = new EntitySchema<WebhookDelivery>({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  indexes: [
    { name: 'webhook_deliveries_integration_index', properties: ['integrationId', 'createdAt'] },
    { name: 'webhook_deliveries_guild_index', properties: ['guildId', 'createdAt'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    integrationId: { type: 'integer' },
    guildId: { type: 'string', length: 32 },
    messageId: { type: 'string', length: 64 },
    eventType: { type: 'string', length: 64 },
    attempt: { type: 'integer' },
    statusCode: { type: 'integer', nullable: true },
    latencyMs: { type: 'integer', nullable: true },
    responseExcerpt: { type: 'text', nullable: true },
    error: { type: 'string', length: 500, nullable: true },
    outcome: { type: 'string', length: 16 },
    nextAttemptAt: { type: new BigIntType('number'), nullable: true },
    payload: { type: 'json' },
    createdAt: { type: new BigIntType('number') },
  },
});
