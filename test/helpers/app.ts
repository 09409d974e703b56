import type { ExecutionContext } from 'ava';
import { pino } from 'pino';
import { App, type AppOptions } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import type { PluginEntry } from '../../src/core/plugins/types.ts';
import { createTestDatabase } from '../../src/testkit/database.ts';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Boots an App on a fresh database of the configured kind (SQLite, or MariaDB + Redis in CI's second run). */
export async function bootApp(
  t: ExecutionContext,
  plugins: PluginEntry[],
  options: Partial<AppOptions> & { env?: Record<string, string>; start?: boolean; databaseUrl?: string } = {},
): Promise<App> {
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.env,
  });
  const app = await App.create({ config, plugins, logger: silentLogger, bot: false, jobs: { autoStart: false, pollMs: 20 }, ...options });
  t.teardown(async () => {
    await app.stop();
    await db.drop();
  });
  if (options.start !== false) await app.start();
  return app;
}

export const baseUrl = (app: App): string => `http://127.0.0.1:${app.port}`;
