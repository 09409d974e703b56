import test from 'ava';
import { Command, InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, ModalBuilder, TextInputBuilder, TextInputStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import api from '../../../src/plugins/api/index.ts';
import { loadConfig } from '../../../src/core/config/env.ts';
import { startLocalMode, type LocalMode } from '../../../src/core/local/local-mode.ts';
import { DEMO } from '../../../src/core/local/demo-world.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { Refusal } from '../../../src/core/refusals/refusal.ts';
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
    class WhoamiCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('whoami').setDescription('Who runs this'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.reply(`You are ${interaction.user.username}`);
      }
    },
    class SlowExportCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('slowexport').setDescription('A deferred reply edited with progress'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.deferReply({ flags: 64 });
        await interaction.editReply('0 %');
        // Long work between progress edits, longer than any quiet period the routes might wait for.
        for (const pct of [40, 80]) {
          await new Promise((r) => setTimeout(r, 400));
          await interaction.editReply(`${pct} %`);
        }
        await new Promise((r) => setTimeout(r, 400));
        await interaction.editReply({ content: 'Done', files: [new AttachmentBuilder(Buffer.from('a,b\n1,2\n'), { name: 'export.csv' })] });
      }
    },
    class SlowRefusalCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('slowrefusal').setDescription('Defers, then refuses'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.deferReply({ flags: 64 });
        await interaction.editReply('Checking…');
        await new Promise((r) => setTimeout(r, 300));
        throw new Refusal('INVALID_INPUT', 'That will not do.');
      }
    },
    class UploadCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) =>
          b
            .setName('upload')
            .setDescription('Reads an attached file')
            .addAttachmentOption((o) => o.setName('file').setDescription('The file').setRequired(true)),
        );
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        const file = interaction.options.getAttachment('file', true);
        const text = await (await fetch(file.url)).text();
        await interaction.reply(`${file.name}: ${text.trim()}`);
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
  local = await startLocalMode({ config, plugins: [{ plugin: panel }, { plugin: api }], logger: pino({ level: 'silent' }), quiet: true });
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

test.serial('a demo user is named by "user" (or given by user_id), and unknown fields are refused by name', async (t) => {
  t.like((await post('/emulator/interactions', { command: 'whoami', user: 'carol' })).body, { content: 'You are carol' });
  t.like((await post('/emulator/interactions', { command: 'whoami', user: 'Bob' })).body, { content: 'You are bob' });
  t.like((await post('/emulator/interactions', { command: 'whoami', user_id: DEMO.users.alice.id })).body, { content: 'You are alice' });
  t.like((await post('/emulator/interactions', { command: 'whoami' })).body, { content: 'You are club-owner' });

  const nobody = await post('/emulator/interactions', { command: 'whoami', user: 'mallory' });
  t.is(nobody.status, 400);
  t.regex(nobody.body.detail as string, /no user named "mallory".*carol/);
  const both = await post('/emulator/interactions', { command: 'whoami', user: 'carol', user_id: DEMO.users.bob.id });
  t.is(both.status, 400);
  const unknown = await post('/emulator/interactions', { command: 'whoami', usr: 'carol', as: 'bob' });
  t.is(unknown.status, 400);
  t.regex(unknown.body.detail as string, /"usr"/);
  t.regex(unknown.body.detail as string, /"as"/);
  const nested = await post('/emulator/components', { message_id: '12345678', custom_id: 'x', value: 'y' });
  t.is(nested.status, 400);
  t.regex(nested.body.detail as string, /"value"/);
});

test.serial('a deferred reply is answered in its final state, file included', async (t) => {
  const run = await post('/emulator/interactions', { command: 'slowexport' });
  t.is(run.status, 200);
  t.like(run.body, { type: 5, content: 'Done', ephemeral: true });
  t.like((run.body.attachments as unknown[])[0], { filename: 'export.csv', size: 8 });
});

test.serial('a deferred reply that ends in a refusal is answered with the refusal too', async (t) => {
  const run = await post('/emulator/interactions', { command: 'slowrefusal' });
  t.is(run.status, 200);
  // The core's error listener answers after the handler has thrown: a follow-up (the reply was already edited).
  t.regex(JSON.stringify(run.body.follow_ups), /That will not do\./);
});

test.serial('attachment options take base64, text or a local file path', async (t) => {
  const b64 = await post('/emulator/interactions', { command: 'upload', options: { file: { filename: 'a.csv', content_base64: Buffer.from('x,y').toString('base64') } } });
  t.like(b64.body, { content: 'a.csv: x,y' });
  const text = await post('/emulator/interactions', { command: 'upload', options: { file: { filename: 'b.txt', content: 'hello' } } });
  t.like(text.body, { content: 'b.txt: hello' });
  const dir = await mkdtemp(join(tmpdir(), 'emu-upload-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'bets.csv'), 'date,odds\n');
  const path = await post('/emulator/interactions', { command: 'upload', options: { file: { path: join(dir, 'bets.csv') } } });
  t.like(path.body, { content: 'bets.csv: date,odds' });

  const two = await post('/emulator/interactions', { command: 'upload', options: { file: { filename: 'c', content: 'a', path: '/x' } } });
  t.is(two.status, 400);
  t.regex(two.body.detail as string, /exactly one of content_base64, content or path/);
  const missing = await post('/emulator/interactions', { command: 'upload', options: { file: { path: join(dir, 'nope.csv') } } });
  t.is(missing.status, 400);
  t.regex(missing.body.detail as string, /cannot read .*nope\.csv/);
});

test.serial('a 404 under /api/v1 points at docs/http.md, which exists and lists every emulator route', async (t) => {
  // Every /api/v1 path needs a key first (without one: 401, whatever the path); local mode's demo server is on Platinum.
  t.is((await fetch(`${base}/api/v1/nothing/here`)).status, 401);
  const made = await post('/emulator/interactions', { user: 'alice', command: '/api key create', options: { name: 'docs', scope: 'read' } });
  const key = /dbsbm_[0-9A-Za-z]{32}/.exec(JSON.stringify(made.body))![0];
  const res = await fetch(`${base}/api/v1/nothing/here`, { headers: { authorization: `Bearer ${key}` } });
  t.is(res.status, 404);
  const body = (await res.json()) as { detail: string };
  const doc = /docs\/[\w-]+\.md/.exec(body.detail)?.[0];
  t.is(doc, 'docs/http.md');
  const text = await readFile(doc!, 'utf8');
  const emulatorDoc = await readFile('docs/emulator.md', 'utf8');
  for (const route of ['POST /emulator/interactions', 'POST /emulator/autocomplete', 'POST /emulator/components', 'POST /emulator/modals', 'GET /emulator/state', 'GET /emulator/commands', 'GET /emulator/channels/:id/messages', 'POST /emulator/users/:user/dms']) {
    t.true(text.includes(route), `docs/http.md lists ${route}`);
    t.true(emulatorDoc.includes(route), `docs/emulator.md documents ${route}`);
  }
});
