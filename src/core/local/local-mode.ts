import type { Logger } from 'pino';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { App } from '../app.ts';
import type { Config } from '../config/env.ts';
import { GuildSettingsSchema } from '../db/entities/guild-settings.ts';
import type { PluginEntry } from '../plugins/types.ts';
import { tierAllows } from '../plugins/tier.ts';
import { redactUrl } from '../log/redact-url.ts';
import { DEMO, seedDemoWorld } from './demo-world.ts';
import { emulatorRoutes } from './emulator-routes.ts';
import { InteractionCompletion } from './interaction-completion.ts';

export interface LocalMode {
  app: App;
  emulator: Emulator;
  close(): Promise<void>;
}

/**
 * Local mode: the Discord emulator on loopback, the demo server in it, and the real bot logged in to it. The
 * database keeps its data between runs; the demo server's tier and plugins are set only the first time.
 */
export async function startLocalMode(options: { config: Config; plugins: PluginEntry[]; logger: Logger; quiet?: boolean }): Promise<LocalMode> {
  const { config, plugins, logger } = options;
  const emulator = await startEmulator({
    botUser: { id: DEMO.botId, username: 'DBSBM' },
    logger: logger.child({ component: 'emulator' }),
  });
  seedDemoWorld(emulator);
  let app: App;
  // The bot's client exists only once the app is created; the routes ask it through this late binding.
  let completion: InteractionCompletion | undefined;
  const demoUsers = Object.fromEntries(Object.entries(DEMO.users).map(([name, u]) => [name, u.id]));
  try {
    app = await App.create({
      config,
      plugins,
      logger,
      discordApiUrl: emulator.apiUrl,
      discordToken: emulator.token,
      ownerIds: [DEMO.users.owner.id],
      extraRoutes: (router) =>
        router.use(
          emulatorRoutes(
            emulator,
            { guildId: DEMO.guildId, userId: DEMO.users.owner.id, channelId: DEMO.channels.general, users: demoUsers },
            { completion: { wait: (id, ms) => completion?.wait(id, ms) ?? Promise.resolve(false) } },
          ),
        ),
    });
    if (app.bot) completion = new InteractionCompletion(app.bot.client);
    await seedDemoGuild(app);
    await app.start();
  } catch (err) {
    await emulator.close();
    throw err;
  }
  if (!options.quiet) printWelcome(app, emulator);
  return {
    app,
    emulator,
    async close() {
      await emulator.close();
    },
  };
}

/** The first time only: the demo server goes on the platinum tier with every plugin it can have switched on. */
async function seedDemoGuild(app: App): Promise<void> {
  const existing = await app.orm.em.fork().findOne(GuildSettingsSchema, { guildId: DEMO.guildId });
  if (existing) return;
  await app.settings.setTier(DEMO.guildId, 'platinum');
  for (const plugin of app.registry.list()) {
    if (plugin.flag && tierAllows('platinum', plugin.tier ?? 'free')) {
      await app.settings.setEnabled(DEMO.guildId, plugin.name, true).catch(() => undefined);
    }
  }
  // Betting posts results in #results and keeps a copy of every slip in #bets, edited when it settles.
  if (app.registry.list().some((p) => p.name === 'betting')) {
    await app.settings.set(DEMO.guildId, 'betting', 'resultsChannel', DEMO.channels.results);
    await app.settings.set(DEMO.guildId, 'betting', 'slipsChannel', DEMO.channels.bets);
  }
  app.logger.info({ guildId: DEMO.guildId }, 'seeded the demo server');
}

function printWelcome(app: App, emulator: Emulator): void {
  const http = `http://${app.config.HTTP_HOST}:${app.port}`;
  const lines = [
    '',
    `DBSBM is running in local mode (no DISCORD_TOKEN): the real bot is connected to a Discord emulator.`,
    `  HTTP:      ${http}   (health ${http}/readyz, metrics ${http}/metrics)`,
    `  Emulator:  ${emulator.url}   (demo server "${DEMO.guildName}", channels #general #bets #results #admin)`,
    `  Database:  ${redactUrl(app.config.DATABASE_URL)}`,
    '',
    'Try a command from another shell:',
    `  curl -s -XPOST ${http}/emulator/interactions -H 'content-type: application/json' -d '{"command":"plugins list"}'`,
    'or type commands interactively:',
    '  npm run console',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
