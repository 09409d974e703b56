import { BigIntType, DateTimeType, EntitySchema } from '@mikro-orm/core';

export const WEBHOOK_FORMATS = ['standard', 'discord', 'zapier', 'ifttt'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * An endpoint a server sends events to (the seed's `webhook_integrations`). The signing secret is stored sealed
 * (AES-256-GCM); during a rotation the previous secret keeps signing beside the new one until `previousSecretUntil`.
 */
export interface WebhookIntegration {
  id: number;
  guildId: string;
  webhookUrl: string;
  webhookType: WebhookFormat;
  events: string[];
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretUntil: number | null;
  consecutiveFailures: number;
  failingSince: number | null;
  disabledReason: string | null;
}

export const WebhookIntegrationSchema = new EntitySchema<WebhookIntegration>({
  name: 'WebhookIntegration',
  tableName: 'webhook_integrations',
  indexes: [{ name: 'webhook_integrations_guild_index', properties: ['guildId', 'isActive'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    webhookUrl: { type: 'string', length: 2048 },
    webhookType: { type: 'string', length: 16, default: 'standard' },
    events: { type: 'json' },
    isActive: { type: 'boolean', default: true },
    // The type class, not the name 'datetime': with the name, MikroORM compares the loaded Date with the number it
    // snapshots on SQLite, sees every loaded row as changed and rewrites created_at and updated_at at each flush.
    createdAt: { type: DateTimeType, onCreate: () => new Date() },
    updatedAt: { type: DateTimeType, onCreate: () => new Date(), onUpdate: () => new Date() },
    secretSealed: { type: 'string', length: 255 },
    previousSecretSealed: { type: 'string', length: 255, nullable: true },
    previousSecretUntil: { type: new BigIntType('number'), nullable: true },
    consecutiveFailures: { type: 'integer', default: 0 },
    failingSince: { type: new BigIntType('number'), nullable: true },
    disabledReason: { type: 'string', length: 255, nullable: true },
  },
});
