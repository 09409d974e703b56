/**
 * The public API of DBSBM for plugin authors: everything a built-in plugin uses is exported here, and nothing else
 * is needed. Import it as `dbsbm`.
 * @packageDocumentation
 */
export { definePlugin, PLUGIN_API_VERSION } from './core/plugins/define.ts';
export type {
  DbsbmServices,
  DiscordMessage,
  DiscordMessageEdit,
  GuildFlag,
  GuildInfo,
  PieceList,
  PluginApiDirectory,
  PluginContext,
  PluginDefinition,
  PluginDiscordApi,
  PluginEntry,
  PluginEventsApi,
  PluginJobsApi,
  PluginMetricsApi,
  PluginSettingsApi,
  PluginUsersApi,
  ServiceName,
  SubscriberMap,
} from './core/plugins/types.ts';
export { PluginError, PluginErrorCodes, type PluginErrorCode } from './core/plugins/errors.ts';
export { TIERS, tierAllows, type Tier } from './core/plugins/tier.ts';
export type { DbsbmEvents, EventMeta, EventName, EventPayload, Subscriber, SystemHealth, SystemHealthAlert, NotificationRequest } from './core/events/types.ts';

export { GateIdentifiers, type GateIdentifier, type GateResult } from './core/gate/result.ts';
export { RetryLaterError, PermanentJobError, type EnqueueOptions, type JobBatch, type JobBatchResult, type JobDefinition, type JobRun } from './core/jobs/types.ts';
export type { QueueFigures } from './core/jobs/store.ts';
export { dialectMigration, type DialectSql } from './core/db/dialect-migration.ts';
export type { Dialect } from './core/db/database-url.ts';
export type { DataApi, DataTransactionOptions, RunResult, SqlRow, SqlValue } from './core/db/data-api.ts';
export type { SubscribeOptions } from './core/events/bus.ts';
export type { PluginCache } from './core/cache/cache.ts';
export { HttpProblem } from './core/http/problem.ts';
export { isDatabaseUnavailable } from './core/db/unavailable.ts';
export { cspNonce } from './core/http/security-headers.ts';
export { mulberry32, withSeededMathRandom } from './core/random/seeded-random.ts';
export { canonicalTimeZone, instantOf, isTimeZone, localDayNumber, offsetMs, startOfLocalDay, wallTime, wallTimeAsUtc, type WallTime } from './core/time/zones.ts';
export { createSecretBox, SecretBoxError, type SecretBox } from './core/crypto/secret-box.ts';
export { Refusal, isRefusal, type RefusalOptions, type RefusalSpec } from './core/refusals/refusal.ts';
export { CORE_REFUSAL_CODES, type CoreRefusalCode } from './core/refusals/codes.ts';
export { EmbedLimits, clip } from './core/bot/embed-limits.ts';
export { SafeEmbedBuilder, clampEmbed, clampEmbeds, safeEmbed } from './core/bot/safe-embed.ts';
export { DiscordUnavailableError } from './core/plugins/discord-api.ts';
export { SettingError } from './core/settings/settings-service.ts';
export { Colors, errorEmbed, infoEmbed, successEmbed } from './core/bot/embeds.ts';
export {
  chartPng,
  chartSvg,
  chartSpecSchema,
  fitText,
  fontBuffer,
  fontPath,
  measureText,
  ChartError,
  ChartErrorCodes,
  FONT_FAMILY,
  NO_DATA_MESSAGE,
  type ChartErrorCode,
  type ChartPngOptions,
  type ChartPoint,
  type ChartSpec,
  type ChartSvgOptions,
  type ChartTheme,
  type FontFace,
} from './core/charts/index.ts';
export type { Config } from './core/config/env.ts';
export type { UserPreferences, UserPreferencesPatch } from './core/users/user-preferences.ts';
export { defineRoute, fileResponse, isPageShape, MAX_PAGE_SIZE, pageOf, pageQuery, type ApiCall, type ApiFile, type ApiMethod, type ApiRoute, type ApiScope, type Page } from './core/api/route.ts';
export { decodeCursor, encodeCursor, pageFrom, type CursorPosition } from './core/api/cursor.ts';
export type { ApiGuard, ApiPrincipal, ApiUsageRecord, HeaderSink, StoredResponse, TokenCarrier } from './core/api/principal.ts';
export type { DeclaredRoute } from './core/api/directory.ts';
export type { ApiInvocation, ApiOutcome } from './core/api/invoke.ts';
export { apiPrincipalOf, requestFingerprint } from './core/api/http.ts';
export type { SocketRoute } from './core/api/upgrade.ts';
export type { PluginCountersApi, WindowCount } from './core/cache/counters.ts';
export { compareIds, isTopicId, maxId as maxIdOf } from './core/topics/ids.ts';
export type { PluginTopicsApi, TopicEntry, TopicListener, TopicRange, TopicRetention } from './core/topics/types.ts';
