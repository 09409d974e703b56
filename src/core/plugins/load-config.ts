import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { PluginError, PluginErrorCodes } from './errors.ts';
import type { PluginEntry } from './types.ts';

/**
 * Reads `plugins.config.ts`: its default export is a list of plugin definitions, or of `{ plugin, options }`.
 * A plugin can be given as an npm package name (`{ package: 'dbsbm-plugin-x', options }`), imported here.
 */
export async function loadPluginsConfig(path = 'plugins.config.ts'): Promise<PluginEntry[]> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  return normalizePluginEntries(mod.default);
}

type RawEntry = PluginEntry | PluginEntry['plugin'] | { package: string; options?: unknown };

export async function normalizePluginEntries(list: unknown): Promise<PluginEntry[]> {
  if (!Array.isArray(list)) {
    throw new PluginError(PluginErrorCodes.PLUGIN_INVALID, '(config)', 'plugins.config.ts must export default an array of plugins.');
  }
  const entries: PluginEntry[] = [];
  for (const raw of list as RawEntry[]) {
    if (raw && typeof raw === 'object' && 'package' in raw && typeof raw.package === 'string') {
      let mod: { default?: unknown };
      try {
        mod = (await import(raw.package)) as { default?: unknown };
      } catch (err) {
        throw new PluginError(PluginErrorCodes.PLUGIN_LOAD_FAILED, raw.package, `could not be imported; is it installed (npm install ${raw.package})?`, { cause: err });
      }
      entries.push({ plugin: mod.default as PluginEntry['plugin'], options: raw.options });
    } else if (raw && typeof raw === 'object' && 'plugin' in raw) {
      entries.push(raw);
    } else {
      entries.push({ plugin: raw as PluginEntry['plugin'] });
    }
  }
  return entries;
}
