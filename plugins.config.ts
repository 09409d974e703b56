import type { PluginEntry } from './src/index.ts';

/**
 * The plugins this bot loads, with their options. Order does not matter: the manager sorts by `requires`.
 * Entries are a definition, `{ plugin, options }`, or `{ package: 'npm-package-name', options }` for a plugin
 * installed from npm.
 */
const plugins: (PluginEntry | { package: string; options?: unknown })[] = [
  // The example third-party plugin (examples/plugin-hello), loaded the way any npm plugin is.
  { package: 'dbsbm-plugin-hello' },
];

export default plugins;
