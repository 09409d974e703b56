import type { PluginEntry } from './src/index.ts';

/**
 * The plugins this bot loads, with their options. Order does not matter: the manager sorts by `requires`.
 * Entries are a definition, `{ plugin, options }`, or `{ package: 'npm-package-name', options }`.
 */
const plugins: (PluginEntry | { package: string; options?: unknown })[] = [];

export default plugins;
