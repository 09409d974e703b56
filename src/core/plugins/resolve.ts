import semver from 'semver';
import { PLUGIN_API_VERSION } from './define.ts';
import { PluginError, PluginErrorCodes } from './errors.ts';
import { isTier } from './tier.ts';
import type { PluginDefinition, PluginEntry } from './types.ts';

/** A plugin checked and ready to boot, with its parsed options. */
export interface ResolvedPlugin {
  definition: PluginDefinition;
  options: unknown;
}

const NAME = /^[a-z][a-z0-9-]{1,31}$/;
// `core` and `emulator` name parts of the core (its settings, its local-mode routes); `api` is the public-API plugin's own name.
const RESERVED = new Set(['core', 'emulator']);

/**
 * Checks every plugin before anything boots, in a fixed order — shape, API version, options, dependencies, cycles —
 * and returns them sorted so that each comes after what it requires. Throws a {@link PluginError} naming the plugin.
 */
export function resolvePlugins(entries: PluginEntry[], apiVersion = PLUGIN_API_VERSION): ResolvedPlugin[] {
  const byName = new Map<string, ResolvedPlugin>();
  for (const entry of entries) {
    const def = entry.plugin;
    const name = typeof def?.name === 'string' ? def.name : '(unnamed)';
    if (!def || typeof def !== 'object' || !NAME.test(name) || RESERVED.has(name)) {
      throw new PluginError(
        PluginErrorCodes.PLUGIN_INVALID,
        name,
        'a plugin needs a lowercase name of 2-32 letters, digits or dashes (not "core" or "emulator"). Export it with definePlugin().',
      );
    }
    if (!semver.valid(def.version)) {
      throw new PluginError(PluginErrorCodes.PLUGIN_INVALID, name, `version "${String(def.version)}" is not a semver version such as 1.0.0.`);
    }
    if (def.tier !== undefined && !isTier(def.tier)) {
      throw new PluginError(PluginErrorCodes.PLUGIN_INVALID, name, `tier "${String(def.tier)}" is not one of free, premium, platinum.`);
    }
    if (byName.has(name)) {
      throw new PluginError(PluginErrorCodes.PLUGIN_DUPLICATE, name, 'is listed twice in plugins.config.ts; keep one entry.');
    }
    const range = def.api ?? '^1.0.0';
    if (!semver.validRange(range) || !semver.satisfies(apiVersion, range)) {
      throw new PluginError(
        PluginErrorCodes.PLUGIN_API_MISMATCH,
        name,
        `supports plugin API "${range}" but this DBSBM provides ${apiVersion}. Install a version of the plugin made for API ${semver.major(apiVersion)}.x.`,
      );
    }
    if (def.settings) {
      const defaults = def.settings.safeParse({});
      if (!defaults.success) {
        const keys = defaults.error.issues.map((i) => i.path.join('.')).join(', ');
        throw new PluginError(PluginErrorCodes.PLUGIN_INVALID, name, `every setting needs a default; these have none: ${keys}.`);
      }
    }
    let options: unknown = entry.options ?? {};
    if (def.options) {
      const parsed = def.options.safeParse(options);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
        throw new PluginError(PluginErrorCodes.PLUGIN_OPTIONS_INVALID, name, `bad options in plugins.config.ts: ${problems}.`);
      }
      options = parsed.data;
    }
    byName.set(name, { definition: def, options });
  }

  for (const { definition } of byName.values()) {
    for (const dep of definition.requires ?? []) {
      if (!byName.has(dep)) {
        throw new PluginError(
          PluginErrorCodes.PLUGIN_DEPENDENCY_MISSING,
          definition.name,
          `requires "${dep}", which is not in plugins.config.ts. Add "${dep}" to the list, or remove "${definition.name}".`,
        );
      }
    }
  }

  // Depth-first topological sort; the path in progress gives the cycle's members for the message.
  const ordered: ResolvedPlugin[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = visiting.indexOf(name);
    if (at !== -1) {
      const cycle = [...visiting.slice(at), name].join(' -> ');
      throw new PluginError(PluginErrorCodes.PLUGIN_DEPENDENCY_CYCLE, name, `dependency cycle ${cycle}. Break it by removing one of these requires.`);
    }
    visiting.push(name);
    const resolved = byName.get(name)!;
    for (const dep of resolved.definition.requires ?? []) visit(dep);
    visiting.pop();
    done.add(name);
    ordered.push(resolved);
  };
  for (const name of byName.keys()) visit(name);
  return ordered;
}
