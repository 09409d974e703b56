import { pino, type Logger } from 'pino';
import { App } from '../core/app.ts';
import { loadConfig } from '../core/config/env.ts';
import { DEMO, seedDemoWorld, type DemoUser } from '../core/local/demo-world.ts';
import type { EventName, EventMeta, EventPayload } from '../core/events/types.ts';
import type { Tier } from '../core/plugins/tier.ts';
import type { PluginDefinition, PluginEntry } from '../core/plugins/types.ts';
import { createTestDatabase } from './database.ts';
import { startEmulator, type CommandOptionInput, type EmulatedMessage, type Emulator, type InteractionResult } from '../emulator/index.ts';

export interface TestBotOptions {
  /** The plugins under test (definitions, or `{ plugin, options }`). */
  plugins: (PluginDefinition | PluginEntry)[];
  /** Tier of the demo server. @default 'platinum' */
  tier?: Tier;
  /** Database to use. @default a fresh one of the kind `DATABASE_URL` names (SQLite when unset) */
  databaseUrl?: string;
  /** @default process.env.REDIS_URL */
  redisUrl?: string;
  /** pino level for the app's logs. @default process.env.TEST_LOG_LEVEL or 'silent' */
  logLevel?: string;
  /** The app's logger (e.g. one writing to a stream a test reads); `logLevel` is then ignored. @since 0.4.0 */
  logger?: Logger;
  /** More configuration, as environment variables (e.g. `{ DATABASE_POOL_MAX: '1' }`). */
  env?: Record<string, string>;
}

/** What a member can do in the demo server: every call sends a real interaction and resolves with the reply. */
export interface Actor {
  readonly userId: string;
  /** Runs a slash command by its full path, e.g. `run('/plugins enable', { name: 'hello' })`. */
  run(command: string, options?: Record<string, CommandOptionInput>, where?: { channelId?: string }): Promise<InteractionResult>;
  autocomplete(command: string, focused: string, options?: Record<string, CommandOptionInput>): Promise<{ name: string; value: string | number }[]>;
  press(message: string | { messageId?: string }, customId: string): Promise<InteractionResult>;
  select(message: string | { messageId?: string }, customId: string, values: string[]): Promise<InteractionResult>;
  submitModal(customId: string, fields: Record<string, string>): Promise<InteractionResult>;
}

export interface TestBot extends Actor {
  readonly app: App;
  readonly emulator: Emulator;
  readonly guildId: string;
  readonly channels: typeof DEMO.channels;
  /** Ids of the demo people: owner (Admin), alice (Admin), bob (Capper), carol (Member). */
  readonly users: Record<DemoUser, string>;
  /** Acts as a demo person (`'carol'`) or any user id. */
  as(user: DemoUser | string): Actor;
  /** Messages the bot posted in a channel (default #general). */
  messages(channelId?: string): EmulatedMessage[];
  events: { next<K extends EventName>(event: K): Promise<{ payload: EventPayload<K>; meta: EventMeta }> };
  setTier(tier: Tier): Promise<void>;
  /** Base URL of the app's HTTP server. */
  readonly url: string;
  close(): Promise<void>;
}

let active = false;

/**
 * Starts the Discord emulator with the demo server, and the core with the given plugins on a temporary database,
 * with the real discord.js client logged in. One test bot per process at a time (Sapphire keeps a global container).
 * @since 0.1.0
 * @example
 * const bot = await createTestBot({ plugins: [hello] });
 * const reply = await bot.as('carol').run('/hello', { name: 'Sam' });
 * assert.equal(reply.embeds[0].title, 'Hello, Sam!');
 * await bot.close();
 */
export async function createTestBot(options: TestBotOptions): Promise<TestBot> {
  if (active) throw new Error('only one test bot can run per process at a time; close the previous one first');
  active = true;
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const emulator = await startEmulator({ botUser: { id: DEMO.botId, username: 'DBSBM' } });
  seedDemoWorld(emulator);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...options.env });
  let app: App;
  try {
    app = await App.create({
      config,
      plugins: options.plugins.map((p) => ('plugin' in p ? p : { plugin: p })),
      logger: options.logger ?? pino({ level: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent' }),
      discordApiUrl: emulator.apiUrl,
      discordToken: emulator.token,
      ownerIds: [DEMO.users.owner.id],
      jobs: { pollMs: 20 },
    });
    await app.settings.setTier(DEMO.guildId, options.tier ?? 'platinum');
    await app.start();
  } catch (err) {
    active = false;
    await emulator.close();
    await db.drop();
    throw err;
  }

  const users = Object.fromEntries(Object.entries(DEMO.users).map(([k, u]) => [k, u.id])) as Record<DemoUser, string>;
  const messageId = (m: string | { messageId?: string }): string => {
    const id = typeof m === 'string' ? m : m.messageId;
    if (!id) throw new Error('that reply has no message to interact with');
    return id;
  };
  const actor = (userId: string): Actor => ({
    userId,
    run: (command, opts = {}, where = {}) =>
      emulator.runCommand({ command: command.replace(/^\//, ''), options: opts, guildId: DEMO.guildId, channelId: where.channelId ?? DEMO.channels.general, userId }),
    autocomplete: async (command, focused, opts = {}) =>
      (await emulator.autocomplete({ command: command.replace(/^\//, ''), options: opts, focused, guildId: DEMO.guildId, channelId: DEMO.channels.general, userId })).choices ?? [],
    press: (m, customId) => emulator.pressButton({ messageId: messageId(m), customId, userId }),
    select: (m, customId, values) => emulator.selectMenu({ messageId: messageId(m), customId, values, userId }),
    submitModal: (customId, fields) => emulator.submitModal({ customId, fields, guildId: DEMO.guildId, channelId: DEMO.channels.general, userId }),
  });
  const owner = actor(DEMO.users.owner.id);
  return {
    ...owner,
    app,
    emulator,
    guildId: DEMO.guildId,
    channels: DEMO.channels,
    users,
    url: `http://127.0.0.1:${app.port}`,
    as: (user) => actor(user in users ? users[user as DemoUser] : user),
    messages: (channelId = DEMO.channels.general) => emulator.messages(channelId),
    events: { next: (event) => app.bus.next(event) },
    setTier: async (tier) => {
      await app.settings.setTier(DEMO.guildId, tier);
    },
    async close() {
      try {
        await app.stop();
        await emulator.close();
        await db.drop();
      } finally {
        active = false;
      }
    },
  };
}
