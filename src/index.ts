/**
 * The public API of DBSBM for plugin authors: everything a built-in plugin uses is exported here, and nothing else
 * is needed. Import it as `dbsbm`.
 * @packageDocumentation
 */
export { definePlugin, PLUGIN_API_VERSION } from './core/plugins/define.ts';
export type {
  GuildFlag,
  GuildInfo,
  PieceList,
  PluginContext,
  PluginDefinition,
  PluginEntry,
  PluginEventsApi,
  PluginJobsApi,
  PluginSettingsApi,
  PluginUsersApi,
  SubscriberMap,
} from './core/plugins/types.ts';
export { PluginError, PluginErrorCodes, type PluginErrorCode } from './core/plugins/errors.ts';
export { TIERS, tierAllows, type Tier } from './core/plugins/tier.ts';
export type { EventMeta, EventName, EventPayload, Subscriber } from './core/events/types.ts';

/**
 * The typed event map. Plugins add their events by augmenting this interface:
 * @example
 * declare module 'dbsbm' {
 *   interface DbsbmEvents { 'bet.placed': { guildId: string; betId: number } }
 * }
 * Payloads that concern one guild carry `guildId`; subscribers of a plugin only see events of guilds where it is on.
 */
export interface DbsbmEvents {
  /** A guild's tier, flags, plugin choices or settings changed; every instance drops what it cached about it. */
  'core.guild.changed': { guildId: string; reason: string };
  /** Published once per plugin when the app is up; handy for plugins that want to warm caches. */
  'core.ready': { instanceId: string; guildId?: undefined };
  /** A member changed their own preferences (`/preferences`); plugins forget what consent no longer covers. */
  'core.user.preferences': { userId: string; analyticsConsent: boolean; mlRecommendationsEnabled: boolean; guildId?: undefined };
}

export { GateIdentifiers, type GateIdentifier, type GateResult } from './core/gate/result.ts';
export { RetryLaterError, PermanentJobError, type EnqueueOptions, type JobDefinition, type JobRun } from './core/jobs/types.ts';
export { dialectMigration, type DialectSql } from './core/db/dialect-migration.ts';
export type { Dialect } from './core/db/database-url.ts';
export type { PluginCache } from './core/cache/cache.ts';
export { HttpProblem } from './core/http/problem.ts';
export { SettingError } from './core/settings/settings-service.ts';
export { Colors, errorEmbed, infoEmbed, successEmbed } from './core/bot/embeds.ts';
export type { Config } from './core/config/env.ts';
export type { UserPreferences, UserPreferencesPatch } from './core/users/user-preferences.ts';
