import type { GuildState, GuildStateCache } from '../settings/guild-state.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { tierAllows } from '../plugins/tier.ts';
import type { PluginDefinition } from '../plugins/types.ts';
import { GateIdentifiers, type GateResult } from './result.ts';

/** The plugin that is always on: the core's own commands and routes. */
export const CORE_PLUGIN = 'core';

/** Whether a plugin the guild may use is switched on, ignoring tier and dependencies. */
export function isSwitchedOn(plugin: PluginDefinition, state: GuildState): boolean {
  if (plugin.flag) return state.flags[plugin.flag];
  return state.enabled[plugin.name] ?? plugin.defaultEnabled ?? true;
}

/**
 * The one gate: "is plugin P on for guild G?" — P is loaded, the guild's tier is at least P's, the guild has P
 * switched on, and so are the plugins P requires. Commands, routes, subscribers and jobs all ask here.
 */
export class Gate {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly guilds: GuildStateCache,
  ) {}

  async check(plugin: string, guildId: string | null | undefined): Promise<GateResult> {
    if (plugin === CORE_PLUGIN) return { ok: true };
    if (!guildId) {
      return { ok: false, plugin, identifier: GateIdentifiers.NoGuild, message: 'This only works inside a server.' };
    }
    const state = await this.guilds.get(guildId);
    return this.#check(plugin, state, new Set());
  }

  async isOn(plugin: string, guildId: string): Promise<boolean> {
    return (await this.check(plugin, guildId)).ok;
  }

  #check(name: string, state: GuildState, seen: Set<string>): GateResult {
    const plugin = this.registry.get(name);
    if (!plugin) {
      return {
        ok: false,
        plugin: name,
        identifier: GateIdentifiers.PluginNotLoaded,
        message: `The plugin "${name}" is not installed on this bot.`,
      };
    }
    const need = plugin.tier ?? 'free';
    if (!tierAllows(state.tier, need)) {
      return {
        ok: false,
        plugin: name,
        identifier: GateIdentifiers.TierTooLow,
        requiredTier: need,
        message: `"${name}" needs the ${need} tier; this server is on ${state.tier}. Ask the bot owner to upgrade the server.`,
      };
    }
    if (!isSwitchedOn(plugin, state)) {
      return {
        ok: false,
        plugin: name,
        identifier: GateIdentifiers.PluginDisabled,
        message: `"${name}" is turned off in this server. A server manager can turn it on with /plugins enable name:${name}.`,
      };
    }
    seen.add(name);
    for (const dep of plugin.requires ?? []) {
      if (seen.has(dep)) continue;
      const result = this.#check(dep, state, seen);
      if (!result.ok) {
        return {
          ok: false,
          plugin: name,
          identifier: GateIdentifiers.DependencyOff,
          requiredTier: result.requiredTier,
          message: `"${name}" needs "${dep}", which is not available: ${result.message}`,
        };
      }
    }
    return { ok: true };
  }
}
