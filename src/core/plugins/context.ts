import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { CacheFactory } from '../cache/cache.ts';
import type { TopicLogs } from '../topics/topic-logs.ts';
import type { Config } from '../config/env.ts';
import type { Dialect } from '../db/database-url.ts';
import type { DataApi } from '../db/data-api.ts';
import type { EventBus } from '../events/bus.ts';
import { CORE_PLUGIN, type Gate } from '../gate/gate.ts';
import { DURABLE_EVENT_JOB, DURABLE_EVENTS_PER_JOB } from '../events/durable.ts';
import { freshEm } from '../db/transaction-guard.ts';
import type { JobStore } from '../jobs/store.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { PluginContext, PluginDefinition, PluginDiscordApi, ServiceName, DbsbmServices } from './types.ts';
import { PluginError, PluginErrorCodes } from './errors.ts';
import type { EventName } from '../events/types.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type { GuildStateCache } from '../settings/guild-state.ts';
import type { UserPreferencesService } from '../users/user-preferences.ts';
import type { Metrics } from '../metrics/registry.ts';
import type { PluginApiDirectory } from './types.ts';

/** The shared services a plugin context is cut from. */
export interface ContextServices {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  dialect: Dialect;
  data: DataApi;
  caches: CacheFactory;
  topics: TopicLogs;
  bus: EventBus;
  gate: Gate;
  settings: SettingsService;
  jobStore: JobStore;
  runner: JobRunner;
  guilds: GuildStateCache;
  users: UserPreferencesService;
  discord: PluginDiscordApi;
  /** What each loaded plugin provides, by plugin name (filled as plugins boot). */
  provided: ReadonlyMap<string, object>;
  metrics: Metrics;
  instanceId: string;
  /** Discord user ids of the bot's owners (`BOT_OWNER_IDS` and the app's `ownerIds`). */
  botOwners: ReadonlySet<string>;
  endpoints: PluginApiDirectory;
}

/** Builds a plugin's own context: everything scoped to its name, nothing of another plugin's. */
export function createPluginContext(
  definition: Pick<PluginDefinition, 'name' | 'requires' | 'events'>,
  options: unknown,
  s: ContextServices,
): PluginContext<unknown, Record<string, unknown>> {
  const { name } = definition;
  const declared = new Set<string>(definition.events ?? []);
  const requires = new Set(definition.requires ?? []);
  const checkDeclared = (event: EventName): void => {
    if (!declared.has(event)) {
      throw new PluginError(PluginErrorCodes.PLUGIN_EVENT_UNDECLARED, name, `published "${event}" without declaring it; add it to \`events\` in the plugin's definition.`);
    }
  };
  return {
    name,
    logger: s.logger.child({ plugin: name }),
    options,
    config: s.config,
    dialect: s.dialect,
    data: s.data,
    // Refused inside an open transaction: code there uses the transaction's em (a second connection can starve the pool).
    em: () => freshEm(s.orm, `ctx.em() of plugin "${name}"`) as EntityManager,
    cache: s.caches.namespace(name),
    counters: s.caches.counters(name, s.instanceId),
    topics: s.topics.for(name),
    endpoints: s.endpoints,
    events: {
      publish: (event, payload) => {
        checkDeclared(event);
        return s.bus.publish(event, payload);
      },
      subscribe: (event, handler, opts) => s.bus.subscribe(name, event, handler, opts),
      async publishInTransaction(em, event, payload) {
        const [id] = await this.publishManyInTransaction(em, event, [payload]);
        return id!;
      },
      async publishManyInTransaction(em, event, payloads) {
        checkDeclared(event);
        const now = Date.now();
        const ids = payloads.map(() => randomUUID());
        const jobs = [];
        for (let i = 0; i < payloads.length; i += DURABLE_EVENTS_PER_JOB) {
          const events = payloads.slice(i, i + DURABLE_EVENTS_PER_JOB).map((payload, j) => ({ id: ids[i + j]!, payload }));
          jobs.push({
            plugin: CORE_PLUGIN,
            name: DURABLE_EVENT_JOB,
            guildId: null,
            payload: { event, events, from: name },
            idempotencyKey: `event:${ids[i]}`,
            runAt: now,
            maxAttempts: 20,
          });
        }
        await s.jobStore.insertMany(em, jobs, now);
        return ids;
      },
    },
    jobs: {
      async enqueue(em, job, payload, opts = {}) {
        const definition = s.runner.definition(name, job);
        if (!definition) throw new Error(`plugin "${name}" has no job "${job}"; declare it under jobs in its definition`);
        await s.jobStore.insert(em, {
          plugin: name,
          name: job,
          guildId: opts.guildId ?? null,
          payload,
          idempotencyKey: opts.idempotencyKey ?? null,
          runAt: opts.runAt ?? Date.now(),
          maxAttempts: opts.maxAttempts ?? definition.maxAttempts ?? 8,
        });
      },
      queue: (now) => s.jobStore.queue(now),
    },
    settings: {
      get: (guildId) => s.settings.get(guildId, name),
      set: (guildId, key, value) => s.settings.set(guildId, name, key, value),
    },
    gate: (guildId, plugin = name) => s.gate.check(plugin, guildId),
    guild: async (guildId) => {
      const state = await s.guilds.get(guildId);
      return { guildId, tier: state.tier, webhookLimit: state.webhookLimit, apiRateLimit: state.apiRateLimit };
    },
    users: {
      get: (userId) => s.users.get(userId),
      many: (userIds) => s.users.many(userIds),
      consenting: (userIds) => s.users.consenting(userIds),
      set: (userId, patch) => s.users.set(userId, patch),
    },
    discord: s.discord,
    instanceId: s.instanceId,
    metrics: { registry: s.metrics.registry },
    botOwners: [...s.botOwners],
    isBotOwner: (userId) => s.botOwners.has(userId),
    use<K extends ServiceName>(service: K): DbsbmServices[K] {
      if (!requires.has(service)) {
        throw new PluginError(PluginErrorCodes.PLUGIN_SERVICE_NOT_REQUIRED, name, `uses the service of "${service}" without requiring it; add "${service}" to \`requires\`.`);
      }
      const api = s.provided.get(service);
      if (!api) throw new PluginError(PluginErrorCodes.PLUGIN_SERVICE_MISSING, name, `requires "${service}", which provides no service (no \`provides\` in its definition).`);
      return api as DbsbmServices[K];
    },
  };
}
