import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { Bot } from './bot/bot.ts';
import { pluginsCommand } from './bot/commands/plugins-command.ts';
import { settingsCommand } from './bot/commands/settings-command.ts';
import { tierCommand } from './bot/commands/tier-command.ts';
import { commandTimingListeners } from './bot/command-timing.ts';
import { AnswerDeadlineListener } from './bot/answer-deadline.ts';
import { commandErrorListener, deniedListener, gatePrecondition, gatedCommand, gatedInteractionHandler, gatedListener, interactionHandlerErrorListener } from './bot/gate-pieces.ts';
import { textInputPrecondition } from './bot/text-input.ts';
import { CacheFactory } from './cache/cache.ts';
import { RedisLink } from './cache/redis.ts';
import { TopicLogs } from './topics/topic-logs.ts';
import { upgradeListener, type SocketRoute } from './api/upgrade.ts';
import type { Config } from './config/env.ts';
import { coreEntities } from './db/core-entities.ts';
import type { Dialect } from './db/database-url.ts';
import { migrate, openDatabase } from './db/orm.ts';
import { databaseProbe, type DatabaseProbe } from './db/readiness.ts';
import { EventBus } from './events/bus.ts';
import { DURABLE_EVENT_JOB, durableEventJob, type DurableEvent } from './events/durable.ts';
import type { EventName } from './events/types.ts';
import { Gate } from './gate/gate.ts';
import { gateGuildParam } from './gate/middleware.ts';
import { ApiDirectory } from './api/directory.ts';
import { authenticate, declaredRouteHandler, ROUTE_BASE } from './api/http.ts';
import { apiInvoker } from './api/invoke.ts';
import type { ApiGuard } from './api/principal.ts';
import type { ApiRoute } from './api/route.ts';
import { mountHealth, type Lifecycle } from './http/health.ts';
import { notFound, problemHandler } from './http/problem.ts';
import { closeServer, createHttpApp, listen } from './http/server.ts';
import { CronScheduler } from './jobs/cron.ts';
import { JobRunner } from './jobs/runner.ts';
import { JobStore } from './jobs/store.ts';
import { freshEm } from './db/transaction-guard.ts';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { DriverDataApi, type DataApi } from './db/data-api.ts';
import { createLogger } from './log/logger.ts';
import { Metrics } from './metrics/registry.ts';
import { registerDbPoolMetrics } from './metrics/db-pool.ts';
import { createPluginContext, type ContextServices } from './plugins/context.ts';
import { createDiscordApi } from './plugins/discord-api.ts';
import { RefusalCatalogue } from './refusals/codes.ts';
import { UserPreferencesService } from './users/user-preferences.ts';
import { preferencesCommand } from './bot/commands/preferences-command.ts';
import { PluginError, PluginErrorCodes } from './plugins/errors.ts';
import { PluginRegistry } from './plugins/registry.ts';
import { resolvePlugins, type ResolvedPlugin } from './plugins/resolve.ts';
import type { PluginContext, PluginDefinition, PluginEntry } from './plugins/types.ts';
import { GuildStateCache } from './settings/guild-state.ts';
import { SettingsService } from './settings/settings-service.ts';
import { coreMigrations } from './db/migrations/index.ts';

export interface AppOptions {
  config: Config;
  /** The plugins to load (usually from plugins.config.ts). */
  plugins: PluginEntry[];
  logger?: Logger;
  /** REST base URL of the Discord emulator (local mode and tests). */
  discordApiUrl?: string;
  /** The token to log in with; defaults to `config.DISCORD_TOKEN`. */
  discordToken?: string;
  /** Users allowed to run owner-only commands, beside `BOT_OWNER_IDS`. */
  ownerIds?: string[];
  /** Connect to Discord at start. @default true when a token is known */
  bot?: boolean;
  jobs?: { pollMs?: number; leaseMs?: number; concurrency?: number; autoStart?: boolean };
  /** Identifies this instance in leases and on the bus. @default a random UUID */
  instanceId?: string;
  /** How long a plugin's setup may take. @default 10000 */
  setupTimeoutMs?: number;
  /** Mounts extra routes before the plugins' (the emulator's in local mode). */
  extraRoutes?: (router: Router) => void;
}

interface BootedPlugin {
  definition: PluginDefinition;
  ctx: PluginContext<unknown, Record<string, unknown>>;
}

/**
 * The kernel: wires the database, cache, bus, jobs, gate, HTTP server and bot together and boots the plugins in
 * dependency order. It holds no domain logic.
 */
export class App {
  readonly instanceId: string;
  readonly logger: Logger;
  readonly http: Express;
  lifecycle: Lifecycle = 'starting';
  port = 0;
  bot?: Bot;
  #server?: Server;
  #redis?: RedisLink;
  #topics!: TopicLogs;
  readonly #booted: BootedPlugin[] = [];
  readonly #cron: CronScheduler;
  /** Members' own preferences (consent), shared by every server. */
  readonly users: UserPreferencesService;
  /** Every refusal code of the core and the loaded plugins. */
  readonly refusals = new RefusalCatalogue();
  readonly #provided = new Map<string, object>();
  readonly #apiDirectory: ApiDirectory;
  #apiGuard: { plugin: string; guard: ApiGuard } | null = null;
  readonly #rawRoutes: { method: string; path: string; plugin: string }[] = [];
  readonly #sockets = new Map<string, { plugin: string; route: SocketRoute }>();
  #dbProbe!: DatabaseProbe;

  private constructor(
    readonly metrics: Metrics,
    readonly registry: PluginRegistry,
    readonly config: Config,
    readonly orm: MikroORM,
    readonly dialect: Dialect,
    /** Prepared statements with bound values on the ORM's connections (the hot paths' way in). */
    readonly data: DataApi,
    readonly bus: EventBus,
    readonly caches: CacheFactory,
    readonly guilds: GuildStateCache,
    readonly gate: Gate,
    readonly settings: SettingsService,
    readonly jobStore: JobStore,
    readonly jobs: JobRunner,
    logger: Logger,
    instanceId: string,
    private readonly options: AppOptions,
  ) {
    this.logger = logger;
    this.instanceId = instanceId;
    this.http = createHttpApp(logger, this.metrics);
    this.#apiDirectory = new ApiDirectory(gate);
    this.#cron = new CronScheduler(logger);
    this.users = new UserPreferencesService(orm);
  }

  /** Checks the plugins, opens and migrates the database, and boots every plugin. Does not listen or log in yet. */
  static async create(options: AppOptions): Promise<App> {
    const { config } = options;
    const logger = options.logger ?? createLogger(config.LOG_LEVEL);
    const instanceId = options.instanceId ?? randomUUID();
    const resolved = resolvePlugins(options.plugins);
    const db = await openDatabase({
      url: config.DATABASE_URL,
      entities: [...coreEntities, ...resolved.flatMap((r) => r.definition.entities ?? [])] as never,
      migrations: [...coreMigrations, ...resolved.flatMap((r) => r.definition.migrations ?? [])],
      logger,
      poolMax: config.DATABASE_POOL_MAX,
    });
    let redis: RedisLink | undefined;
    try {
      const applied = await migrate(db);
      if (applied.length) logger.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
      const metrics = new Metrics();
      registerDbPoolMetrics(metrics.registry, db.orm);
      // Instances sharing a database are one deployment: they share events and cache keys, and nobody else does.
      const deployment = createHash('sha256').update(config.DATABASE_URL).digest('hex').slice(0, 12);
      const bus = new EventBus(instanceId, logger.child({ component: 'events' }), metrics, deployment);
      if (config.REDIS_URL) {
        // Never waits long: an instance whose Redis is down starts degraded and switches over when it answers.
        redis = await RedisLink.open({ url: config.REDIS_URL, logger: logger.child({ component: 'redis' }), metrics });
        bus.connectRedis(redis);
        if (redis.ready) await bus.subscribedAcrossInstances(2_000);
      }
      const registry = new PluginRegistry();
      for (const r of resolved) registry.add(r.definition);
      const guilds = new GuildStateCache(db.orm, metrics);
      const gate = new Gate(registry, guilds);
      bus.setGate((plugin, guildId) => gate.isOn(plugin, guildId));
      bus.subscribe('core', 'core.guild.changed', ({ guildId }) => guilds.invalidate(guildId));
      const settings = new SettingsService(db.orm, registry, guilds, gate, bus);
      const data = new DriverDataApi(db.orm, db.dialect);
      const jobStore = new JobStore(data);
      const jobs = new JobRunner({
        store: jobStore,
        logger: logger.child({ component: 'jobs' }),
        metrics,
        workerId: instanceId,
        gate: (plugin, guildId) => gate.isOn(plugin, guildId),
        leaseMs: options.jobs?.leaseMs,
        pollMs: options.jobs?.pollMs,
        concurrency: options.jobs?.concurrency,
      });
      const app = new App(metrics, registry, config, db.orm, db.dialect, data, bus, new CacheFactory(metrics, redis, deployment), guilds, gate, settings, jobStore, jobs, logger, instanceId, options);
      app.#redis = redis;
      app.#topics = new TopicLogs(logger, redis, deployment);
      await app.#boot(resolved);
      return app;
    } catch (err) {
      await redis?.close().catch(() => undefined);
      await db.orm.close().catch(() => undefined);
      throw err;
    }
  }

  /** The context of a loaded plugin (for tests and tools). */
  contextOf(plugin: string): PluginContext<unknown, Record<string, unknown>> | undefined {
    return this.#booted.find((b) => b.definition.name === plugin)?.ctx;
  }

  async #boot(resolved: ResolvedPlugin[]): Promise<void> {
    this.#dbProbe = databaseProbe(this.orm, this.config.DATABASE_URL);
    const services: ContextServices = {
      config: this.config,
      logger: this.logger,
      orm: this.orm,
      dialect: this.dialect,
      data: this.data,
      caches: this.caches,
      topics: this.#topics,
      bus: this.bus,
      gate: this.gate,
      settings: this.settings,
      jobStore: this.jobStore,
      runner: this.jobs,
      guilds: this.guilds,
      users: this.users,
      discord: createDiscordApi(() => this.bot?.client),
      provided: this.#provided,
      metrics: this.metrics,
      instanceId: this.instanceId,
      botOwners: this.#ownerIds(),
      endpoints: {
        routes: () => this.#apiDirectory.routes(),
        invoke: apiInvoker(this.#apiDirectory, this.logger, this.refusals),
        rawRoutes: () => this.#rawRoutes,
      },
    };
    const token = this.options.discordToken ?? this.config.DISCORD_TOKEN;
    const wantBot = this.options.bot ?? token !== undefined;
    if (wantBot) {
      if (!token) throw new Error('a Discord token (or the emulator) is needed to start the bot');
      this.bot = new Bot({ token, logger: this.logger, apiUrl: this.options.discordApiUrl });
      this.#addCorePieces(this.bot);
    }

    const splitEvents = async (events: DurableEvent[]): Promise<void> => {
      const now = Date.now();
      // Keyed apart from the batch's own key (the first event's id), so that the first event split off is written too.
      const jobs = events.map((e) => ({ plugin: 'core', name: DURABLE_EVENT_JOB, guildId: null, payload: e, idempotencyKey: `event:${e.id}:alone`, runAt: now, maxAttempts: 20 }));
      await this.jobStore.insertMany(freshEm(this.orm, 'writing durable events apart') as SqlEntityManager, jobs, now);
    };
    this.jobs.register({ plugin: 'core', name: DURABLE_EVENT_JOB, definition: durableEventJob(this.bus, splitEvents) as never, ctx: null });
    const publicApi = express.Router();
    const api = express.Router();
    for (const { definition, options } of resolved) {
      const ctx = createPluginContext(definition, options, services);
      this.#booted.push({ definition, ctx });
      try {
        this.refusals.add(definition.name, definition.refusals ?? {});
      } catch (err) {
        throw new PluginError(PluginErrorCodes.PLUGIN_REFUSAL_DUPLICATE, definition.name, `${(err as Error).message}; choose another code.`);
      }
      if (definition.provides) this.#provided.set(definition.name, definition.provides(ctx as never));
      if (definition.apiGuard) {
        if (this.#apiGuard) throw new PluginError(PluginErrorCodes.PLUGIN_API_GUARD_TAKEN, definition.name, `provides an API guard, and so does "${this.#apiGuard.plugin}"; load only one of them.`);
        this.#apiGuard = { plugin: definition.name, guard: definition.apiGuard(ctx as never) };
      }
      this.#mountSubscribers(definition, ctx);
      this.#mountJobs(definition, ctx);
      if (this.bot) this.#addPluginPieces(this.bot, definition, ctx);
      this.#mountApi(definition, ctx, publicApi, api);
      for (const route of definition.sockets?.(ctx as never) ?? []) {
        const taken = this.#sockets.get(route.path);
        if (taken) throw new PluginError(PluginErrorCodes.PLUGIN_ENDPOINT_INVALID, definition.name, `serves a WebSocket at /api/v1${route.path}, and so does "${taken.plugin}"; choose another path.`);
        this.#sockets.set(route.path, { plugin: definition.name, route });
      }
      await this.#setup(definition, ctx);
    }

    mountHealth(this.http, this.metrics, () => this.lifecycle, {
      database: () => this.#dbProbe.check(),
      ...(this.#redis ? { redis: { optional: true as const, check: () => this.#redis!.ping() } } : {}),
      ...(this.bot ? { discord: async () => this.bot!.isReady() } : {}),
    }, this.config.METRICS_TOKEN);
    this.options.extraRoutes?.(this.http);
    this.http.use('/api/v1', publicApi, authenticate(() => this.#apiGuard?.guard ?? null, this.#apiDirectory), api);
    for (const { definition, ctx } of this.#booted) {
      if (definition.rootRoutes) {
        const router = express.Router();
        definition.rootRoutes(router, ctx);
        this.http.use(router);
      }
    }
    this.http.use(notFound);
    this.http.use(problemHandler(this.logger, this.refusals));
  }

  /** Mounts a plugin's declared endpoints (public ones before authentication) and its raw routes. */
  #mountApi(definition: PluginDefinition, ctx: PluginContext, publicApi: Router, api: Router): void {
    const tag: RequestHandler = (req, res, next) => {
      (req as { dbsbmPlugin?: string }).dbsbmPlugin = definition.name;
      // Express restores baseUrl as the request leaves the router; usage and metrics read the pattern after that.
      res.locals[ROUTE_BASE] = req.baseUrl;
      next();
    };
    const guard = (): ApiGuard | null => this.#apiGuard?.guard ?? null;
    const declared = express.Router({ mergeParams: true });
    const open = express.Router({ mergeParams: true });
    const rootDeclared = express.Router();
    const rootOpen = express.Router();
    let routes: ApiRoute[];
    try {
      routes = definition.endpoints?.(ctx as never) ?? [];
      for (const route of routes) {
        const mounted = this.#apiDirectory.add(definition.name, route);
        const router = route.root ? (route.public ? rootOpen : rootDeclared) : route.public ? open : declared;
        router[route.method](route.path, declaredRouteHandler(this.#apiDirectory, mounted, guard));
      }
    } catch (err) {
      if (err instanceof PluginError) throw err;
      throw new PluginError(PluginErrorCodes.PLUGIN_ENDPOINT_INVALID, definition.name, `${(err as Error).message}`, { cause: err });
    }
    if (routes.some((r) => r.public && r.root)) publicApi.use(tag, rootOpen);
    if (routes.some((r) => r.public && !r.root)) publicApi.use(`/${definition.name}`, tag, open);
    if (routes.some((r) => !r.public && r.root)) api.use(tag, rootDeclared);
    api.use(`/${definition.name}`, tag, declared);
    if (definition.routes) {
      const router = express.Router({ mergeParams: true });
      router.param('guildId', gateGuildParam(this.gate, definition.name));
      definition.routes(router, ctx as never);
      for (const layer of (router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack) {
        if (!layer.route) continue;
        for (const method of Object.keys(layer.route.methods)) this.#rawRoutes.push({ method, path: `/api/v1/${definition.name}${layer.route.path === '/' ? '' : layer.route.path}`, plugin: definition.name });
      }
      api.use(`/${definition.name}`, tag, router);
    }
  }

  /** Who may run owner-only commands: `BOT_OWNER_IDS` and the app's `ownerIds` option. */
  #ownerIds(): ReadonlySet<string> {
    return new Set([...this.config.BOT_OWNER_IDS, ...(this.options.ownerIds ?? [])]);
  }

  #addCorePieces(bot: Bot): void {
    const services = {
      settings: this.settings,
      registry: this.registry,
      ownerIds: this.#ownerIds(),
    };
    bot.add('preconditions', gatePrecondition(this.gate, bot.owners), 'core');
    bot.add('preconditions', textInputPrecondition(), 'core');
    bot.add('listeners', deniedListener(this.refusals), 'core');
    const errors = { logger: this.logger, owners: bot.owners, refusals: this.refusals };
    bot.add('listeners', commandErrorListener(errors), 'core');
    bot.add('listeners', interactionHandlerErrorListener(errors), 'core');
    for (const listener of commandTimingListeners(this.metrics, bot.owners)) bot.add('listeners', listener, 'core');
    bot.add('listeners', AnswerDeadlineListener, 'core');
    bot.add('commands', pluginsCommand(services), 'core');
    bot.add('commands', settingsCommand(services), 'core');
    bot.add('commands', tierCommand(services), 'core');
    bot.add('commands', preferencesCommand(this.users, this.bus), 'core');
  }

  #addPluginPieces(bot: Bot, definition: PluginDefinition, ctx: PluginContext<unknown, Record<string, unknown>>): void {
    const list = <T>(pieces: ((c: never) => T[]) | T[] | undefined): T[] =>
      typeof pieces === 'function' ? (pieces as (c: typeof ctx) => T[])(ctx) : (pieces ?? []);
    for (const piece of list(definition.commands)) bot.add('commands', gatedCommand(piece, definition.name, this.gate), definition.name);
    for (const piece of list(definition.preconditions)) bot.add('preconditions', piece, definition.name);
    for (const piece of list(definition.listeners)) bot.add('listeners', gatedListener(piece, definition.name, this.gate), definition.name);
    for (const piece of list(definition.interactionHandlers)) {
      bot.add('interaction-handlers', gatedInteractionHandler(piece, definition.name, this.gate, bot.owners), definition.name);
    }
  }

  #mountSubscribers(definition: PluginDefinition, ctx: PluginContext<unknown, Record<string, unknown>>): void {
    for (const [event, handler] of Object.entries(definition.subscribers ?? {})) {
      if (!handler) continue;
      const run = handler as (payload: unknown, c: typeof ctx) => void | Promise<void>;
      this.bus.subscribe(definition.name, event as EventName, (payload) => run(payload, ctx));
    }
  }

  #mountJobs(definition: PluginDefinition, ctx: PluginContext<unknown, Record<string, unknown>>): void {
    for (const [name, job] of Object.entries(definition.jobs ?? {})) {
      this.jobs.register({ plugin: definition.name, name, definition: job as never, ctx });
      if (job.cron) {
        this.#cron.add({
          plugin: definition.name,
          name,
          pattern: job.cron,
          timezone: job.timezone,
          enqueue: (idempotencyKey, tickAt) => ctx.jobs.enqueue(ctx.em(), name, { tickAt }, { idempotencyKey }),
        });
      }
    }
  }

  async #setup(definition: PluginDefinition, ctx: PluginContext<unknown, Record<string, unknown>>): Promise<void> {
    if (!definition.setup) return;
    const ms = this.options.setupTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve(definition.setup(ctx as never)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new PluginError(PluginErrorCodes.PLUGIN_SETUP_TIMEOUT, definition.name, `setup did not finish within ${ms} ms.`)), ms);
        }),
      ]);
    } catch (err) {
      if (err instanceof PluginError) throw err;
      throw new PluginError(PluginErrorCodes.PLUGIN_SETUP_FAILED, definition.name, `setup failed: ${(err as Error).message}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Listens on HTTP, logs in to Discord, starts the job worker and cron. */
  async start(): Promise<void> {
    const { server, port } = await listen(this.http, this.config.HTTP_PORT, this.config.HTTP_HOST);
    this.#server = server;
    this.port = port;
    server.on('upgrade', upgradeListener({ routes: () => this.#sockets, guard: () => this.#apiGuard?.guard ?? null, gate: this.gate, logger: this.logger, refusals: this.refusals }));
    if (this.bot) await this.bot.login();
    if (this.options.jobs?.autoStart !== false) {
      this.jobs.start();
    }
    this.lifecycle = 'ready';
    await this.bus.publish('core.ready', { instanceId: this.instanceId });
  }

  /**
   * Graceful shutdown: stop accepting requests and finish those in flight, stop cron, let running jobs finish (or
   * give their leases back), tear plugins down, then close Discord, Redis and the database.
   */
  async stop(): Promise<void> {
    if (this.lifecycle === 'stopping') return;
    this.lifecycle = 'stopping';
    for (const { definition, ctx } of this.#booted) {
      try {
        await definition.drain?.(ctx as never);
      } catch (err) {
        this.logger.error({ err, plugin: definition.name }, `drain of plugin "${definition.name}" failed`);
      }
    }
    if (this.#server) await closeServer(this.#server);
    this.#cron.stop();
    await this.jobs.stop(5_000);
    for (const { definition, ctx } of [...this.#booted].reverse()) {
      try {
        await definition.teardown?.(ctx as never);
      } catch (err) {
        this.logger.error({ err, plugin: definition.name }, `teardown of plugin "${definition.name}" failed`);
      }
    }
    if (this.bot) await this.bot.destroy().catch(() => undefined);
    await this.bus.close();
    await this.#topics.close();
    await this.#redis?.close();
    this.#dbProbe.close();
    await this.orm.close();
  }
}
