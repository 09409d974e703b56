import betting from './src/plugins/betting/index.ts';
import type { PluginEntry } from './src/index.ts';

const localMode = !process.env.DISCORD_TOKEN;

/**
 * The plugins this bot loads, with their options. Order does not matter: the manager sorts by `requires`.
 * Entries are a definition, `{ plugin, options }`, or `{ package: 'npm-package-name', options }` for a plugin
 * installed from npm.
 */
const plugins: (PluginEntry | { package: string; options?: unknown })[] = [
  {
    plugin: betting,
    options: {
      // Local mode replays a real season (England 2022-2023) as if live: ten match minutes per second, games
      // announced with opening prices a match-day ahead. With a token, set ODDS_API_KEY for live prices.
      feed: process.env.ODDS_API_KEY
        ? { kind: 'odds-api', apiKey: process.env.ODDS_API_KEY, sports: (process.env.ODDS_API_SPORTS ?? 'soccer_epl').split(',') }
        : localMode
          ? { kind: 'replay', speed: 600, leadMinutes: 1440 }
          : { kind: 'none' },
    },
  },
  // The example third-party plugin (examples/plugin-hello), loaded the way any npm plugin is.
  { package: 'dbsbm-plugin-hello' },
];

export default plugins;
