import { EntitySchema } from '@mikro-orm/core';

/**
 * A guild's choices for one plugin: whether it is on (null = the plugin's default) and the settings it overrode.
 * Only overrides are stored, so a setting added later falls back to its registered default.
 */
export interface GuildPlugin {
  guildId: string;
  plugin: string;
  enabled: boolean | null;
  settings: Record<string, unknown>;
  updatedAt: Date;
}

export const GuildPluginSchema = new EntitySchema<GuildPlugin>({
  name: 'GuildPlugin',
  tableName: 'guild_plugins',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    plugin: { type: 'string', length: 64, primary: true },
    enabled: { type: 'boolean', nullable: true },
    settings: { type: 'json' },
    updatedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
