import { once } from 'node:events';
import test from 'ava';
import { Command, Events, SapphireClient, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { startEmulator } from '../../src/emulator/index.ts';

class ConfigCommand extends Command {
  constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'config', description: 'Server config', requiredUserPermissions: [PermissionFlagsBits.ManageGuild] });
  }

  override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .addStringOption((o) => o.setName('key').setDescription('setting').setRequired(true)),
    );
  }

  override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await interaction.reply(`config ${interaction.options.getString('key', true)} ok`);
  }
}

test('a SapphireClient registers its command and the permission precondition works for real', async (t) => {
  const emulator = await startEmulator();
  const guild = emulator.createGuild({ name: 'Sapphire Guild' });
  const client = new SapphireClient({
    intents: [GatewayIntentBits.Guilds],
    baseUserDirectory: null,
    loadDefaultErrorListeners: false,
    rest: { api: emulator.apiUrl },
  });
  t.teardown(async () => {
    await client.destroy();
    await emulator.close();
  });
  client.on(Events.ChatInputCommandDenied, (error: UserError, { interaction }: ChatInputCommandDeniedPayload) => {
    void interaction.reply({ content: `denied: ${error.identifier}`, flags: MessageFlags.Ephemeral });
  });
  await client.stores.loadPiece({ store: 'commands', name: 'config', piece: ConfigCommand });
  const ready = once(client, 'clientReady');
  await client.login(emulator.token);
  await ready;
  while (!emulator.registeredCommands().some((c) => c.name === 'config')) {
    await new Promise((r) => setTimeout(r, 20));
  }

  const denied = await emulator.runCommand({ command: 'config', options: { key: 'odds' } });
  t.true(denied.ephemeral);
  t.is(denied.content, 'denied: preconditionUserPermissions');

  const admin = emulator.createUser({ username: 'admin' });
  const role = emulator.createRole(guild.id, { name: 'Admin', permissions: ['ManageGuild'] });
  emulator.addMember(guild.id, admin.id, [role.id]);
  const allowed = await emulator.runCommand({ command: 'config', userId: admin.id, options: { key: 'odds' } });
  t.is(allowed.content, 'config odds ok');
  t.deepEqual(emulator.unknownRoutes, []);
});
