import { loadConfig } from '../../../src/core/config/env.ts';
import { App } from '../../../src/core/app.ts';
import { loadPluginsConfig } from '../../../src/core/plugins/load-config.ts';
import type { PluginEntry } from '../../../src/core/plugins/types.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import { silentLogger } from '../../helpers/app.ts';

/** A started app of every plugin in plugins.config.ts (the deployment the SDK describes), and how to stop it. */
export interface Deployment {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** The betting feed stays off: routes do not depend on it, and a replay running beside the tests is load for nothing. */
export function withoutFeed(entry: PluginEntry): PluginEntry {
  if (entry.plugin.name !== 'betting') return entry;
  return { ...entry, options: { ...(entry.options as object), feed: { kind: 'none' } } };
}

/** Boots the plugins of plugins.config.ts on a fresh database of the configured kind, listening on a free port. */
export async function startDeployment(): Promise<Deployment> {
  const plugins = (await loadPluginsConfig()).map(withoutFeed);
  if (!plugins.some((p) => p.plugin.name === 'api')) throw new Error('plugins.config.ts does not load the api plugin (src/plugins/api/index.ts)');
  const db = await createTestDatabase();
  const app = await App.create({
    config: loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }),
    plugins,
    logger: silentLogger,
    bot: false,
    jobs: { autoStart: false },
  });
  await app.start();
  return {
    app,
    url: `http://127.0.0.1:${app.port}`,
    async close() {
      await app.stop();
      await db.drop();
    },
  };
}
