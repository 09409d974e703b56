import { App } from './core/app.ts';
import { ConfigError, isLocalMode, loadConfig } from './core/config/env.ts';
import { chooseLogFormat } from './core/log/format.ts';
import { createLogger } from './core/log/logger.ts';
import { installProcessGuards } from './core/process/guards.ts';
import { startLocalMode } from './core/local/local-mode.ts';
import { PluginError } from './core/plugins/errors.ts';
import { loadPluginsConfig } from './core/plugins/load-config.ts';

/** How long a graceful shutdown may take: well inside the 30 s Kubernetes and systemd wait before SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * `npm start`: validates the configuration, boots the app, and in local mode (no DISCORD_TOKEN) starts the Discord
 * emulator with a demo server first. Problems a person can fix are printed as one line each, with exit code 1.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // A person running `npm start` in a terminal reads pretty lines; a pipe or a log collector gets JSON.
  const logger = createLogger(config.LOG_LEVEL, { format: chooseLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true) });
  let app: App | undefined;
  installProcessGuards(logger, (kind) => app?.metrics.processErrors.inc({ kind }));
  let closeLocal: (() => Promise<void>) | undefined;
  try {
    const plugins = await loadPluginsConfig();
    if (isLocalMode(config)) {
      const local = await startLocalMode({ config, plugins, logger });
      app = local.app;
      closeLocal = local.close;
    } else {
      app = await App.create({ config, plugins, logger });
      await app.start();
      logger.info({ port: app.port }, `DBSBM is up on http://${config.HTTP_HOST}:${app.port}`);
    }
  } catch (err) {
    if (err instanceof PluginError) {
      process.stderr.write(`Plugin error — nothing was started:\n${err.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err }, 'could not start');
    process.exit(1);
  }

  const running = app;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      // A second signal means "now".
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A database or Redis that stopped answering must not hold the process: past the deadline it exits anyway.
    // Nothing acknowledged is lost by that: jobs still running keep their lease and run again elsewhere.
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      await running.stop();
      await closeLocal?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();
