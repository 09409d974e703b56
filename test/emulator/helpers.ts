import { once } from 'node:events';
import type { ExecutionContext } from 'ava';
import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';

export interface Harness {
  emulator: Emulator;
  client: Client;
  guildId: string;
  channelId: string;
}

/**
 * Starts an emulator with one guild, logs a real discord.js client into it and registers teardown.
 * `beforeLogin` runs with the client created but not logged in, to attach handlers.
 */
export async function startHarness(
  t: ExecutionContext,
  options: {
    emulator?: EmulatorOptions;
    client?: Partial<ClientOptions>;
    beforeLogin?: (client: Client, emulator: Emulator) => void | Promise<void>;
  } = {},
): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  const guild = emulator.createGuild({ name: 'Test Guild' });
  const channelId = emulator.state().guilds[0]?.channels[0]?.id as string;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    ...options.client,
    rest: { api: emulator.apiUrl, ...options.client?.rest },
  });
  t.teardown(async () => {
    await client.destroy();
    await emulator.close();
  });
  await options.beforeLogin?.(client, emulator);
  const ready = once(client, 'clientReady');
  await client.login(emulator.token);
  await ready;
  return { emulator, client, guildId: guild.id, channelId };
}
