import type { MikroORM } from '@mikro-orm/core';
import { z } from 'zod';
import { GuildPluginSchema } from '../db/entities/guild-plugin.ts';
import { GuildSettingsSchema } from '../db/entities/guild-settings.ts';
import { freshEm } from '../db/transaction-guard.ts';
import type { EventBus } from '../events/bus.ts';
import { isSwitchedOn, type Gate } from '../gate/gate.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { TIERS, isTier, tierAllows, type Tier } from '../plugins/tier.ts';
import type { PluginDefinition } from '../plugins/types.ts';
import type { GuildStateCache } from './guild-state.ts';

/** A refused change: what was wrong and what to do. Nothing was stored. */
export class SettingError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PLUGIN' | 'UNKNOWN_SETTING' | 'INVALID_VALUE' | 'TIER_TOO_LOW' | 'DEPENDENCY_OFF' | 'INVALID_TIER' | 'INVALID_LIMIT' | 'NO_SETTINGS',
    message: string,
    readonly requiredTier?: Tier,
  ) {
    super(message);
    this.name = 'SettingError';
  }
}

/** One setting as shown to a person. */
export interface SettingView {
  key: string;
  value: unknown;
  isDefault: boolean;
  description?: string;
}

export type PluginStatus = 'on' | 'off' | 'locked';

export interface PluginStatusView {
  name: string;
  description?: string;
  status: PluginStatus;
  tier: Tier;
  requires: string[];
  /** Why it does not run although switched on (a dependency off). */
  note?: string;
}

/**
 * Changes and reads guild tier, plugin switches and plugin settings. Every change is validated before anything is
 * written and then announced with `core.guild.changed` so caches on every instance drop the old state.
 */
/** The plan's numeric limits a bot owner may set per server, by their seed column name. */
export const PLAN_LIMITS = {
  api_rate_limit: { column: 'apiRateLimit', min: 1, max: 100_000 },
  webhook_limit: { column: 'webhookLimit', min: 0, max: 1_000 },
} as const;
export type PlanLimit = keyof typeof PLAN_LIMITS;

export class SettingsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly registry: PluginRegistry,
    private readonly guilds: GuildStateCache,
    private readonly gate: Gate,
    private readonly bus: EventBus,
  ) {}

  async setTier(guildId: string, tier: string): Promise<Tier> {
    if (!isTier(tier)) throw new SettingError('INVALID_TIER', `"${tier}" is not a tier. Use one of: ${TIERS.join(', ')}.`);
    const em = freshEm(this.orm, 'Changing settings');
    await em.transactional(async (tem) => {
      const row = await tem.findOne(GuildSettingsSchema, { guildId });
      if (row) row.tier = tier;
      else tem.create(GuildSettingsSchema, { guildId, tier } as never);
    });
    await this.#changed(guildId, 'tier');
    return tier;
  }

  /**
   * Sets one of the plan's numeric limits of a server (`api_rate_limit` requests a minute per key, `webhook_limit`
   * endpoints; 0 for webhooks means the plugin's default). Bot owners use it with `/tier limit`.
   */
  async setPlanLimit(guildId: string, limit: PlanLimit, value: number): Promise<number> {
    const range = PLAN_LIMITS[limit];
    if (!range) throw new SettingError('INVALID_LIMIT', `"${String(limit)}" is not a plan limit. Use one of: ${Object.keys(PLAN_LIMITS).join(', ')}.`);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      throw new SettingError('INVALID_LIMIT', `${limit} is a whole number from ${range.min} to ${range.max}.`);
    }
    const em = freshEm(this.orm, 'Changing settings');
    await em.transactional(async (tem) => {
      const row = await tem.findOne(GuildSettingsSchema, { guildId });
      if (row) row[range.column] = value;
      else tem.create(GuildSettingsSchema, { guildId, [range.column]: value } as never);
    });
    await this.#changed(guildId, 'tier');
    return value;
  }

  /** Each loaded plugin with its state in the guild. */
  async list(guildId: string): Promise<PluginStatusView[]> {
    const state = await this.guilds.get(guildId);
    const views: PluginStatusView[] = [];
    for (const plugin of this.registry.list()) {
      const tier = plugin.tier ?? 'free';
      const view: PluginStatusView = {
        name: plugin.name,
        description: plugin.description,
        tier,
        requires: plugin.requires ?? [],
        status: !tierAllows(state.tier, tier) ? 'locked' : isSwitchedOn(plugin, state) ? 'on' : 'off',
      };
      if (view.status === 'on') {
        const result = await this.gate.check(plugin.name, guildId);
        if (!result.ok) view.note = result.message;
      }
      views.push(view);
    }
    return views;
  }

  /**
   * Turns a plugin on or off for a guild. Refuses (changing nothing) when the plugin is unknown, the tier is too low
   * or a plugin it needs is off. Returns the plugins that stop working because they need this one.
   */
  async setEnabled(guildId: string, name: string, enabled: boolean): Promise<{ affected: string[] }> {
    const plugin = this.#plugin(name);
    const state = await this.guilds.load(guildId);
    if (enabled) {
      const need = plugin.tier ?? 'free';
      if (!tierAllows(state.tier, need)) {
        throw new SettingError(
          'TIER_TOO_LOW',
          `"${name}" needs the ${need} tier; this server is on ${state.tier}. Nothing was changed. Ask the bot owner to upgrade the server.`,
          need,
        );
      }
      const off = (plugin.requires ?? []).filter((dep) => {
        const def = this.registry.get(dep);
        return !def || !isSwitchedOn(def, state);
      });
      if (off.length > 0) {
        throw new SettingError(
          'DEPENDENCY_OFF',
          `"${name}" needs ${off.map((d) => `"${d}"`).join(', ')}, which ${off.length === 1 ? 'is' : 'are'} off. Turn ${off.length === 1 ? 'it' : 'them'} on first with /plugins enable. Nothing was changed.`,
        );
      }
    }
    const em = freshEm(this.orm, 'Changing settings');
    await em.transactional(async (tem) => {
      if (plugin.flag) {
        const row = await tem.findOne(GuildSettingsSchema, { guildId });
        if (row) row[plugin.flag] = enabled;
        else tem.create(GuildSettingsSchema, { guildId, [plugin.flag]: enabled } as never);
      } else {
        const row = await tem.findOne(GuildPluginSchema, { guildId, plugin: name });
        if (row) row.enabled = enabled;
        else tem.create(GuildPluginSchema, { guildId, plugin: name, enabled, settings: {} } as never);
      }
    });
    await this.#changed(guildId, `plugin ${name} ${enabled ? 'enabled' : 'disabled'}`);
    const affected = enabled ? [] : this.#dependentsOf(name);
    return { affected };
  }

  /** The plugin's settings for a guild: defaults merged with the guild's overrides. */
  async get<S = Record<string, unknown>>(guildId: string, name: string): Promise<S> {
    const plugin = this.#plugin(name);
    const state = await this.guilds.get(guildId);
    return this.#resolve(plugin, state.settings[name] ?? {}) as S;
  }

  /** Settings with their descriptions and whether each is still the default, for display. */
  async view(guildId: string, name: string): Promise<SettingView[]> {
    const plugin = this.#plugin(name);
    const schema = this.#schema(plugin);
    const state = await this.guilds.get(guildId);
    const overrides = state.settings[name] ?? {};
    const resolved = this.#resolve(plugin, overrides);
    return Object.keys(schema.shape).map((key) => ({
      key,
      value: resolved[key],
      isDefault: !(key in overrides),
      description: (schema.shape[key] as z.ZodType).description,
    }));
  }

  /**
   * Validates and stores one setting. `value` may be typed already (from code) or a string from a slash command,
   * which is read as JSON when the plain string does not fit (so `true` and `5` work).
   */
  async set(guildId: string, name: string, key: string, value: unknown): Promise<Record<string, unknown>> {
    const plugin = this.#plugin(name);
    const schema = this.#schema(plugin);
    const field = settingField(schema, key);
    if (!field) {
      const keys = Object.keys(schema.shape);
      throw new SettingError(
        'UNKNOWN_SETTING',
        `"${name}" has no setting "${key}". Its settings are: ${keys.join(', ')}. See them with /settings view plugin:${name}.`,
      );
    }
    const parsed = parseSettingValue(field, value);
    if (!parsed.ok) {
      throw new SettingError('INVALID_VALUE', `${quote(value)} is not a valid value for ${name}.${key}: ${parsed.message}. Nothing was changed.`);
    }
    // Rules across settings (a refinement of the plugin's schema, e.g. minUnits <= maxUnits) hold for the settings
    // as they would be after the change, not for the one value alone.
    const current = await this.get(guildId, name);
    const merged = schema.safeParse({ ...current, [key]: parsed.value });
    if (!merged.success) {
      throw new SettingError(
        'INVALID_VALUE',
        `${name}.${key} cannot be ${quote(parsed.value)}: ${merged.error.issues.map((i) => i.message).join('; ')}. Nothing was changed.`,
      );
    }
    const em = freshEm(this.orm, 'Changing settings');
    await em.transactional(async (tem) => {
      const row = await tem.findOne(GuildPluginSchema, { guildId, plugin: name });
      if (row) row.settings = { ...row.settings, [key]: parsed.value };
      else tem.create(GuildPluginSchema, { guildId, plugin: name, enabled: null, settings: { [key]: parsed.value } } as never);
    });
    await this.#changed(guildId, `setting ${name}.${key}`);
    const state = await this.guilds.load(guildId);
    return this.#resolve(plugin, state.settings[name] ?? {});
  }

  #plugin(name: string): PluginDefinition {
    const plugin = this.registry.get(name);
    if (!plugin) {
      throw new SettingError(
        'UNKNOWN_PLUGIN',
        `There is no plugin "${name}". Installed plugins: ${this.registry.names().join(', ')}. See them with /plugins list.`,
      );
    }
    return plugin;
  }

  #schema(plugin: PluginDefinition): z.ZodObject {
    if (!plugin.settings) throw new SettingError('NO_SETTINGS', `"${plugin.name}" has no settings.`);
    return plugin.settings;
  }

  /** Keeps the overrides that still validate (a schema may have changed since they were stored). */
  #resolve(plugin: PluginDefinition, overrides: Record<string, unknown>): Record<string, unknown> {
    if (!plugin.settings) return {};
    const shape = plugin.settings.shape as Record<string, z.ZodType>;
    const valid: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(overrides)) {
      if (settingField(plugin.settings, key)?.safeParse(value).success) valid[key] = value;
    }
    const resolved = plugin.settings.safeParse(valid);
    if (resolved.success) return resolved.data as Record<string, unknown>;
    // Stored overrides that break a cross-field rule added since: each key still has a valid value, so show them.
    return z.object(shape).parse(valid) as Record<string, unknown>;
  }

  #dependentsOf(name: string, seen = new Set<string>()): string[] {
    for (const dep of this.registry.dependents(name)) {
      if (seen.has(dep.name)) continue;
      seen.add(dep.name);
      this.#dependentsOf(dep.name, seen);
    }
    return [...seen];
  }

  async #changed(guildId: string, reason: string): Promise<void> {
    this.guilds.invalidate(guildId);
    await this.bus.publish('core.guild.changed', { guildId, reason });
  }
}

/**
 * The schema of one setting, or undefined when the plugin has no setting of that name. Only the shape's own keys
 * count: a key named like an Object.prototype member (`__proto__`, `constructor`, `toString`) is an unknown setting,
 * not the prototype's function — which would crash the parse, or let the key through to the stored object.
 */
function settingField(schema: z.ZodObject, key: string): z.ZodType | undefined {
  return Object.hasOwn(schema.shape, key) ? (schema.shape[key] as z.ZodType) : undefined;
}

/** A value as a short quoted text for a message: a 5,000-character value is not echoed whole. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `"${text.length > 80 ? `${text.slice(0, 79)}…` : text}"`;
}

const messages = (error: z.ZodError): string => error.issues.map((i) => i.message).join('; ');

/**
 * Reads a setting value given as a typed value or as the text a person typed. When the text reads as JSON of the
 * right type (`5000` for a number) but breaks a rule, the message is that rule ("Too big: expected number to be
 * <=1000"), not the type of the text ("expected number, received string").
 */
export function parseSettingValue(field: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const direct = field.safeParse(value);
  if (direct.success) return { ok: true, value: direct.data };
  if (typeof value === 'string') {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      // Not JSON either: report the plain string's error below.
      return { ok: false, message: messages(direct.error) };
    }
    const again = field.safeParse(json);
    if (again.success) return { ok: true, value: again.data };
    // The JSON reading got past the type check when its issues are not about the type: those name the real reason.
    if (!again.error.issues.every((i) => i.code === 'invalid_type')) return { ok: false, message: messages(again.error) };
  }
  return { ok: false, message: messages(direct.error) };
}
