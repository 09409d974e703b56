import type { AnyEntity, EntitySchema, MigrationObject } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Command, InteractionHandler, Listener, Precondition } from '@sapphire/framework';
import type { MessageCreateOptions, MessageEditOptions } from 'discord.js';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { PluginCache } from '../cache/cache.ts';
import type { PluginCountersApi } from '../cache/counters.ts';
import type { PluginTopicsApi } from '../topics/types.ts';
import type { DeclaredRoute } from '../api/directory.ts';
import type { ApiInvocation, ApiOutcome } from '../api/invoke.ts';
import type { ApiGuard, ApiPrincipal } from '../api/principal.ts';
import type { ApiRoute } from '../api/route.ts';
import type { SocketRoute } from '../api/upgrade.ts';
import type { Config } from '../config/env.ts';
import type { Dialect } from '../db/database-url.ts';
import type { DataApi } from '../db/data-api.ts';
import type { EventName, EventPayload, Subscriber } from '../events/types.ts';
import type { SubscribeOptions } from '../events/bus.ts';
import type { GateResult } from '../gate/result.ts';
import type { EnqueueOptions, JobDefinition } from '../jobs/types.ts';
import type { QueueFigures } from '../jobs/store.ts';
import type { RefusalSpec } from '../refusals/refusal.ts';
import type { Tier } from './tier.ts';
import type { UserPreferences, UserPreferencesPatch } from '../users/user-preferences.ts';

/** The seed's guild flags that switch a plugin on or off (the plugin maps onto one of them, if any). */
export type GuildFlag = 'analyticsEnabled' | 'mlFeaturesEnabled' | 'realTimeFeatures';

// Sapphire's piece constructors take (context, options); we only need to hand them to the store.
type PieceClass<T> = abstract new (...args: never[]) => T;

/** Sapphire pieces, as classes, or a function of the plugin's context returning them (so they can close over it). */
export type PieceList<T, C> = PieceClass<T>[] | ((ctx: C) => PieceClass<T>[]);

/** The settings API a plugin gets for its own namespace, typed by its schema. */
export interface PluginSettingsApi<S> {
  /** The guild's settings: registered defaults merged with the guild's overrides. */
  get(guildId: string): Promise<S>;
  /** Validates and stores one setting; throws a `SettingError` with a clear message on bad input. */
  set(guildId: string, key: string, value: unknown): Promise<S>;
}

/** The jobs API bound to one plugin. */
export interface PluginJobsApi {
  /**
   * Writes a job in the caller's transaction (pass the `em` of `em.transactional`), so it exists if and only if
   * the change that caused it commits. A job with an `idempotencyKey` already present is not added again.
   */
  enqueue(em: EntityManager, job: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /**
   * The whole deployment's job queue at `now`, by plugin (every plugin's jobs, durable events under `core`): what
   * operators watch (depth, and how long the oldest due job has waited).
   * @since 0.4.0
   */
  queue(now?: number): Promise<QueueFigures[]>;
}

/** The events API bound to one plugin. */
export interface PluginEventsApi {
  /** Publishes now, at most once per instance: for what may be lost (a price tick), not for what must arrive. */
  publish<K extends EventName>(event: K, payload: EventPayload<K>): Promise<void>;
  /**
   * Publishes durably: the event is written in the caller's transaction (pass the `em` of `em.transactional`) and
   * delivered by the job worker after the commit, again after a crash, always with the same event id (`meta.id`).
   * Returns the event id.
   */
  publishInTransaction<K extends EventName>(em: EntityManager, event: K, payload: EventPayload<K>): Promise<string>;
  /** {@link publishInTransaction} for many events of one kind, written in a few multi-row statements. */
  publishManyInTransaction<K extends EventName>(em: EntityManager, event: K, payloads: EventPayload<K>[]): Promise<string[]>;
  /**
   * Runs `handler` for each event of that name in an enabled guild. A durable event runs its subscribers once per
   * deployment, on the instance whose worker runs its job; pass `{ everyInstance: true }` for a subscriber that keeps
   * per-instance state and must see every event on every instance.
   */
  subscribe<K extends EventName>(event: K, handler: Subscriber<K>, options?: SubscribeOptions): () => void;
}

/**
 * The typed map of the services plugins provide, by plugin name. A plugin that `provides` an API declares its type
 * here, as events are declared in `DbsbmEvents`:
 * @example
 * declare module 'dbsbm' {
 *   interface DbsbmServices { betting: BettingApi }
 * }
 * @since 0.2.0
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the plugins' augmentations
export interface DbsbmServices {}

/** The name of a plugin that provides a service. */
export type ServiceName = keyof DbsbmServices;

/** A message a plugin sends through Discord (discord.js's own shape: content, embeds, files, nonce…). */
export type DiscordMessage = MessageCreateOptions;

/**
 * A change to a message the bot posted (discord.js's own shape): the fields given replace the message's, the others
 * stay (`components: []` removes its buttons).
 * @since 0.3.0
 */
export type DiscordMessageEdit = MessageEditOptions;

/**
 * Discord, as a plugin reaches it outside a command: post to a channel, DM a member, read names. Every method
 * fails (throws) when the bot is not connected or the target cannot be reached, so a durable job retries; check
 * {@link PluginDiscordApi.isReady} first for best-effort messages.
 * @since 0.2.0
 */
export interface PluginDiscordApi {
  /** Whether the bot is logged in and connected. False when the app runs without a bot (tests, tools). */
  isReady(): boolean;
  /** Posts to a text channel; resolves with the new message's id. */
  send(channelId: string, message: DiscordMessage): Promise<{ id: string }>;
  /**
   * Edits a message the bot posted in a channel (a post of its own or a public reply to a command), e.g. a bet slip
   * once it settles. Editing again with the same content is harmless, so a retried job may call it twice.
   * @since 0.3.0
   */
  edit(channelId: string, messageId: string, message: DiscordMessageEdit): Promise<{ id: string }>;
  /**
   * Sends a direct message to a user; resolves with the new message's id. Costs two requests the first time for a
   * user (opening the DM channel, then the message) and one after.
   */
  dm(userId: string, message: DiscordMessage): Promise<{ id: string }>;
  /** Sends a direct message to a server's owner. */
  dmGuildOwner(guildId: string, message: DiscordMessage): Promise<{ id: string }>;
  /** Display names of members from the client's cache: server nickname, global name, username, else `member <id>`. */
  displayNames(guildId: string, userIds: readonly string[]): Promise<Record<string, string>>;
  /**
   * A member's server-wide permissions, asked of Discord (not the cache) so that a member who left, was removed or
   * lost a role is seen at once; `null` when the user is not a member (or the bot is no longer in the server).
   * Throws {@link DiscordUnavailableError} when the bot is not connected: a caller checking rights must then refuse.
   * @since 0.4.0
   * @example const perms = await ctx.discord.memberPermissions(guildId, userId); if (perms === null || (perms & PermissionFlagsBits.ManageGuild) === 0n) refuse();
   */
  memberPermissions(guildId: string, userId: string): Promise<bigint | null>;
}

/**
 * What a plugin's hooks, routes and pieces get: its own logger, options, settings, cache and the shared services.
 * Nothing of another plugin's is in it.
 */
export interface PluginContext<O = unknown, S = Record<string, unknown>> {
  readonly name: string;
  readonly logger: Logger;
  readonly options: O;
  readonly config: Config;
  readonly dialect: Dialect;
  /**
   * Prepared statements with bound values on the ORM's own connections, for hot paths (placing, claiming,
   * delivering). MikroORM (`em()`) stays the way to entities and cold paths. @since 0.4.0
   */
  readonly data: DataApi;
  /** A fresh EntityManager (a unit of work); use one per command, request or job. */
  em(): EntityManager;
  readonly cache: PluginCache;
  /** Atomic windowed counters (rate limits), exact across instances with Redis. @since 1.2.0 */
  readonly counters: PluginCountersApi;
  /**
   * Per-topic event logs with ids ordered across topics, shared by every instance through Redis Streams (in process
   * without Redis): what live streams replay and fan out from. @since 1.3.0
   */
  readonly topics: PluginTopicsApi;
  /** The deployment's declared API routes, and a way to run them in process with every HTTP check. @since 1.2.0 */
  readonly endpoints: PluginApiDirectory;
  readonly events: PluginEventsApi;
  readonly jobs: PluginJobsApi;
  readonly settings: PluginSettingsApi<S>;
  /** Whether a plugin (this one by default) is on for a guild, with the reason when it is not. */
  gate(guildId: string, plugin?: string): Promise<GateResult>;
  /** The guild's tier and the seed's limits (read from cache; current within one event of a change). */
  guild(guildId: string): Promise<GuildInfo>;
  /** Members' own preferences (analytics consent, ML recommendations), shared by every server they are in. */
  readonly users: PluginUsersApi;
  /** Discord outside a command (channels, DMs, names); never reach for Sapphire's global container. */
  readonly discord: PluginDiscordApi;
  /**
   * This instance's id (in job leases and on the bus), random per start: tells instances apart in figures a plugin
   * records per process.
   * @since 0.4.0
   */
  readonly instanceId: string;
  /** This instance's Prometheus figures, the ones `/metrics` serves. @since 0.4.0 */
  readonly metrics: PluginMetricsApi;
  /**
   * Discord user ids of whoever runs the bot (`BOT_OWNER_IDS`, and the owners given to the app in local mode and
   * tests): for operator-only commands and operator notices.
   * @since 0.4.0
   */
  readonly botOwners: readonly string[];
  /** Whether a user is one of {@link botOwners}. @since 0.4.0 @example if (!ctx.isBotOwner(interaction.user.id)) throw new Refusal('NOT_ALLOWED', …); */
  isBotOwner(userId: string): boolean;
  /**
   * The service another plugin provides (see `DbsbmServices`): the only way to read another plugin's data. Allowed
   * for plugins named in this plugin's `requires`; any other name throws `PLUGIN_SERVICE_NOT_REQUIRED`, a required
   * plugin that provides nothing throws `PLUGIN_SERVICE_MISSING`.
   * @example
   * const betting = ctx.use('betting');
   * const summary = await betting.summary({ guildId, userId, period: 'month' });
   */
  use<K extends ServiceName>(name: K): DbsbmServices[K];
}

/**
 * The instance's Prometheus registry, as plugins see it: read every figure (`registry.getMetricsAsJSON()`,
 * `registry.getSingleMetric(name)`) and register figures of their own, named `dbsbm_<plugin>_…` with
 * `registers: [registry]`, which `/metrics` then serves. Figures are per process, not per deployment.
 * @since 0.4.0
 */
export interface PluginMetricsApi {
  readonly registry: Registry;
}

/**
 * Every plugin's declared API routes (see `endpoints` in the definition), for plugins that document or compose them (the
 * OpenAPI document, `POST /api/v1/batch`, GraphQL).
 * @since 1.2.0
 */
export interface PluginApiDirectory {
  routes(): readonly DeclaredRoute[];
  /** Runs a declared route as `principal` with the same scope, gate and validation as over HTTP; failures come back as problem documents. */
  invoke(principal: ApiPrincipal, call: ApiInvocation): Promise<ApiOutcome>;
  /** Every raw (`routes`) route mounted under `/api/v1`, as `METHOD /api/v1/…`, for the document's completeness check. */
  rawRoutes(): readonly { method: string; path: string; plugin: string }[];
}

/** A member's preferences, as plugins may read them. Members change them with `/preferences`. */
export interface PluginUsersApi {
  get(userId: string): Promise<UserPreferences>;
  /** Preferences of many members in one query (defaults for those who never chose), by user id. @since 1.4.0 */
  many(userIds: readonly string[]): Promise<Map<string, UserPreferences>>;
  /** The members among `userIds` who consented to analytics. */
  consenting(userIds: readonly string[]): Promise<Set<string>>;
  set(userId: string, patch: UserPreferencesPatch): Promise<UserPreferences>;
}

/** What a plugin may know about a guild's plan. */
export interface GuildInfo {
  guildId: string;
  tier: Tier;
  webhookLimit: number;
  apiRateLimit: number;
}

export type SubscriberMap<C> = { [K in EventName]?: (payload: EventPayload<K>, ctx: C) => void | Promise<void> };

/**
 * A plugin's definition. Build it with {@link definePlugin}.
 * @since 0.1.0
 */
export interface PluginDefinition<
  OSchema extends z.ZodType = z.ZodType,
  SSchema extends z.ZodObject = z.ZodObject,
> {
  /** Unique name, lowercase (`betting`, `hello`); routes mount under `/api/v1/<name>`. */
  name: string;
  /** The plugin's own version (semver). */
  version: string;
  /** The plugin API versions it supports, as a semver range. @default '^1.0.0' */
  api?: string;
  description?: string;
  /** Plugins that must be loaded (and on, for a guild) for this one to work. */
  requires?: string[];
  /** The lowest tier that may enable it. @default 'free' */
  tier?: Tier;
  /** The seed flag in `guild_settings` that stores whether it is on. */
  flag?: GuildFlag;
  /** Whether it is on for a guild that never chose. Ignored when `flag` is set (the column's default rules). @default true */
  defaultEnabled?: boolean;
  /** Schema of the options given in plugins.config.ts. */
  options?: OSchema;
  /** Schema of per-guild settings; every key needs a default. */
  settings?: SSchema;
  entities?: EntitySchema<AnyEntity>[] | EntitySchema[];
  migrations?: MigrationObject[];
  commands?: PieceList<Command, PluginContext<z.output<OSchema>, z.output<SSchema>>>;
  listeners?: PieceList<Listener, PluginContext<z.output<OSchema>, z.output<SSchema>>>;
  preconditions?: PieceList<Precondition, PluginContext<z.output<OSchema>, z.output<SSchema>>>;
  interactionHandlers?: PieceList<InteractionHandler, PluginContext<z.output<OSchema>, z.output<SSchema>>>;
  /**
   * Routes of the public API under `/api/v1/<name>`, declared with zod shapes (see `defineRoute`): authenticated by
   * API key, gated for the key's server, validated, documented in OpenAPI, reachable from the SDK, batch and GraphQL.
   * @since 1.2.0
   */
  endpoints?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => ApiRoute[];
  /**
   * Turns API keys into callers and admits calls (limits, usage, idempotency). One plugin provides it (the `api`
   * plugin); with none, every `/api/v1` route not declared public answers 401.
   * @since 1.2.0
   */
  apiGuard?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => ApiGuard;
  /**
   * Raw Express routes mounted at `/api/v1/<name>`, behind the same API-key authentication; a `:guildId` parameter
   * must be the key's server and is gated. Prefer `endpoints`: raw routes are not validated, documented or in the SDK.
   */
  routes?: (router: Router, ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => void;
  /**
   * WebSocket endpoints under `/api/v1` (see `SocketRoute`): authenticated like every API route, gated for the
   * caller's server, then handed the socket. Paths are unique across plugins.
   * @since 1.3.0
   */
  sockets?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => SocketRoute[];
  /**
   * Called first at shutdown, before the HTTP server stops taking requests: end long-lived responses and sockets
   * (live streams) so they do not hold the server open, telling clients to reconnect elsewhere.
   * @since 1.3.0
   */
  drain?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => void | Promise<void>;
  /** Routes mounted at the root (pages such as a dashboard); they must gate themselves with `ctx.gate`. */
  rootRoutes?: (router: Router, ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => void;
  subscribers?: SubscriberMap<PluginContext<z.output<OSchema>, z.output<SSchema>>>;
  /**
   * Events it publishes. Publishing an event not listed here throws `PLUGIN_EVENT_UNDECLARED`, so this list is
   * the truth for docs and subscribers. @default []
   */
  events?: readonly EventName[];
  /**
   * The typed API other plugins reach with `ctx.use('<name>')`; its type is declared by augmenting `DbsbmServices`.
   * Built once at boot, after the plugins it requires and before its own `setup`.
   */
  provides?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => object;
  /** Refusal codes of its own, beside the core's (docs/refusals.md): each code's title, HTTP status and meaning. */
  refusals?: Readonly<Record<string, RefusalSpec>>;
  jobs?: Record<string, JobDefinition<PluginContext<z.output<OSchema>, z.output<SSchema>>>>;
  setup?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => void | Promise<void>;
  teardown?: (ctx: PluginContext<z.output<OSchema>, z.output<SSchema>>) => void | Promise<void>;
}

/** A plugin as listed in plugins.config.ts: the definition and its options. */
export interface PluginEntry {
  plugin: PluginDefinition;
  options?: unknown;
}
