import { EntitySchema } from '@mikro-orm/core';
import type { Tier } from '../../plugins/tier.ts';

/**
 * One row per guild: its tier and the seed's feature flags. A guild with no row is on the free tier with defaults.
 */
export interface GuildSettings {
  guildId: string;
  tier: Tier;
  analyticsEnabled: boolean;
  mlFeaturesEnabled: boolean;
  webhookLimit: number;
  apiRateLimit: number;
  realTimeFeatures: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const GuildSettingsSchema = new EntitySchema<GuildSettings>({
  name: 'GuildSettings',
  tableName: 'guild_settings',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    // A string, not an enum column: MikroORM 6.6 on SQLite reports a false diff for enum check constraints.
    tier: { type: 'string', length: 16, default: 'free' },
    analyticsEnabled: { type: 'boolean', default: false },
    mlFeaturesEnabled: { type: 'boolean', default: false },
    webhookLimit: { type: 'integer', default: 0 },
    apiRateLimit: { type: 'integer', default: 100 },
    realTimeFeatures: { type: 'boolean', default: false },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    updatedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
