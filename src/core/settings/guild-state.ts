import type { MikroORM } from '@mikro-orm/core';
import { GuildPluginSchema } from '../db/entities/guild-plugin.ts';
import { GuildSettingsSchema } from '../db/entities/guild-settings.ts';
import { assertOutsideTransaction, freshEm } from '../db/transaction-guard.ts';
import type { Metrics } from '../metrics/registry.ts';
import type { GuildFlag } from '../plugins/types.ts';
import { isTier, type Tier } from '../plugins/tier.ts';

/** Everything the gate and settings need to know about a guild, read in one go and cached. */
export interface GuildState {
  guildId: string;
  tier: Tier;
  flags: Record<GuildFlag, boolean>;
  webhookLimit: number;
  apiRateLimit: number;
  /** Per plugin: true/false when the guild chose, absent when it did not. */
  enabled: Record<string, boolean>;
  /** Per plugin: the settings the guild overrode. */
  settings: Record<string, Record<string, unknown>>;
}

/** The defaults of a guild that has no row yet (the seed's column defaults). */
export const defaultGuildState = (guildId: string): GuildState => ({
  guildId,
  tier: 'free',
  flags: { analyticsEnabled: false, mlFeaturesEnabled: false, realTimeFeatures: false },
  webhookLimit: 0,
  apiRateLimit: 100,
  enabled: {},
  settings: {},
});

/**
 * Reads guild state and keeps it in process memory. Every change publishes `core.guild.changed`, which reaches all
 * instances (over Redis when configured) and drops the entry there, so the gate is both fast and current.
 */
export class GuildStateCache {
  readonly #cache = new Map<string, Promise<GuildState>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly metrics: Metrics,
  ) {}

  get(guildId: string): Promise<GuildState> {
    // Even when cached: a miss would read on a second connection, so a call from a transaction fails every time.
    assertOutsideTransaction('Reading guild state (the gate, settings, ctx.guild)');
    const cached = this.#cache.get(guildId);
    if (cached) {
      this.metrics.gate.inc({ result: 'hit' });
      return cached;
    }
    this.metrics.gate.inc({ result: 'miss' });
    const loading = this.load(guildId);
    this.#cache.set(guildId, loading);
    // A failed read must not stay cached.
    loading.catch(() => this.#cache.delete(guildId));
    return loading;
  }

  invalidate(guildId: string): void {
    this.#cache.delete(guildId);
  }

  /** Reads straight from the database, bypassing the cache. */
  async load(guildId: string): Promise<GuildState> {
    const em = freshEm(this.orm, 'Reading guild state (the gate, settings, ctx.guild)');
    const [row, plugins] = await Promise.all([
      em.findOne(GuildSettingsSchema, { guildId }),
      em.find(GuildPluginSchema, { guildId }),
    ]);
    const state = defaultGuildState(guildId);
    if (row) {
      state.tier = isTier(row.tier) ? row.tier : 'free';
      state.flags = {
        analyticsEnabled: row.analyticsEnabled,
        mlFeaturesEnabled: row.mlFeaturesEnabled,
        realTimeFeatures: row.realTimeFeatures,
      };
      state.webhookLimit = row.webhookLimit;
      state.apiRateLimit = row.apiRateLimit;
    }
    for (const p of plugins) {
      if (p.enabled !== null) state.enabled[p.plugin] = p.enabled;
      state.settings[p.plugin] = p.settings ?? {};
    }
    return state;
  }
}
