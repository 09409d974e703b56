import test from 'ava';
import { Command, InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, ModalBuilder, TextInputBuilder, TextInputStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { pino } from 'pino';
import { loadConfig } from '../../../src/core/config/env.ts';
import { startLocalMode, type LocalMode } from '../../../src/core/local/local-mode.ts';
import { DEMO } from '../../../src/core/local/demo-world.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { createTestDatabase, type TestDatabase } from '../../../src/testkit/database.ts';

const panel = definePlugin({
  name: 'panel',
  version: '1.0.0',
  commands: [
    class PanelCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) =>
          b
            .setName('panel')
            .setDescription('Buttons and a form')
            .addStringOption((o) => o.setName('sport').setDescription('A sport').setAutocomplete(true))
            .addIntegerOption((o) => o.setName('count').setDescription('How many')),
        );
      }
      override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
        const typed = String(interaction.options.getFocused());
        await interaction.respond(['football', 'tennis', 'golf'].filter((s) => s.startsWith(typed)).map((s) => ({ name: s, value: s })));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        if (interaction.options.getString('sport') === 'form') {
          await interaction.showModal(
            new ModalBuilder()
              .setCustomId('panel:form')
              .setTitle('Tell us')
              .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Short))),
          );
          return;
        }
        await interaction.reply({
          content: `Panel x${interaction.options.getInteger('count') ?? 1}`,
          components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('panel:ok').setLabel('OK').setStyle(ButtonStyle.Primary))],
        });
      }
    },
  ],
  interactionHandlers: [
    class PanelButtonHandler extends InteractionHandler {
      constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
        super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
      }
      override parse(interaction: ButtonInteraction) {
        return interaction.customId === 'panel:ok' ? this.some() : this.none();
      }
      override async run(interaction: ButtonInteraction): Promise<void> {
        await interaction.update({ content: `Pressed by ${interaction.user.username}`, components: [] });
      }
    },
    class PanelFormHandler extends InteractionHandler {
      constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
        super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
      }
      override parse(interaction: ModalSubmitInteraction) {
        return interaction.customId === 'panel:form' ? this.some() : this.none();
      }
      override async run(interaction: ModalSubmitInteraction): Promise<void> {
        await interaction.reply(`Noted: ${interaction.fields.getTextInputValue('note')}`);
      }
    },
  ],
});

let local: LocalMode;
let db: TestDatabase;
let base: string;
test.before(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  local = await startLocalMode({ config, plugins: [{ plugin: panel }], logger: pino({ level: 'silent' }), quiet: true });
  base = `http://127.0.0.1:${local.app.port}`;
});
test.after.always(async () => {
  await local?.app.stop();
  await local?.close();
  await db?.drop();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

test.serial('interactions, autocomplete, button presses and modals all go through the real client', async (t) => {
  const run = await post('/emulator/interactions', { command: '/panel', options: { count: 3 } });
  t.is(run.status, 200);
  t.like(run.body, { type: 4, content: 'Panel x3', ephemeral: false });
  const messageId = run.body.message_id as string;

  const choices = await post('/emulator/autocomplete', { command: 'panel', options: { sport: 'f' }, focused: 'sport' });
  t.deepEqual(choices.body, [{ name: 'football', value: 'football' }] as unknown as Record<string, unknown>);

  const pressed = await post('/emulator/components', { message_id: messageId, custom_id: 'panel:ok', user_id: DEMO.users.bob.id });
  t.like(pressed.body, { type: 7, content: 'Pressed by bob', components: [] });

  const form = await post('/emulator/interactions', { command: 'panel', options: { sport: 'form' } });
  t.like(form.body, { type: 9, modal: { custom_id: 'panel:form', title: 'Tell us' } });
  const submitted = await post('/emulator/modals', { custom_id: 'panel:form', fields: { note: 'great' } });
  t.like(submitted.body, { type: 4, content: 'Noted: great' });

  const messages = (await (await fetch(`${base}/emulator/channels/${DEMO.channels.general}/messages`)).json()) as { content: string }[];
  t.true(messages.some((m) => m.content === 'Pressed by bob'));
});

test.serial('bad requests answer 400 with what was wrong', async (t) => {
  const unknown = await post('/emulator/interactions', { command: 'nope' });
  t.is(unknown.status, 400);
  t.regex(unknown.body.detail as string, /Unknown command "nope"\. Registered: .*panel/);
  const option = await post('/emulator/interactions', { command: 'panel', options: { colour: 'red' } });
  t.is(option.status, 400);
  t.regex(option.body.detail as string, /colour/);
  const user = await post('/emulator/interactions', { command: 'panel', user_id: '999999999' });
  t.is(user.status, 400);
  t.regex(user.body.detail as string, /Unknown user "999999999"/);
  const shape = await post('/emulator/interactions', { options: {} });
  t.is(shape.status, 400);
  t.regex(shape.body.detail as string, /command/);
  const button = await post('/emulator/components', { message_id: 'abc', custom_id: 'x' });
  t.is(button.status, 400);
});

test.serial('buttons of a plugin that is off answer why, privately', async (t) => {
  const run = await post('/emulator/interactions', { command: 'panel' });
  await local.app.settings.setEnabled(DEMO.guildId, 'panel', false);
  const pressed = await post('/emulator/components', { message_id: run.body.message_id, custom_id: 'panel:ok' });
  t.like(pressed.body, { ephemeral: true });
  t.regex(JSON.stringify(pressed.body), /turned off in this server/);
  await local.app.settings.setEnabled(DEMO.guildId, 'panel', true);
});
