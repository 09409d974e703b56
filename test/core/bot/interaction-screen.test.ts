import test from 'ava';
import { Command, InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import { captureLogs, type LogCapture } from '../../helpers/secret-scan.ts';

// Issue 13, finding 4: slash-command text was screened for control characters, but modals, buttons, menus and
// autocomplete were not, so a NUL reached plugin code (and its queries) through them. The screen sits in front of
// every interaction; these prove nothing of the plugin runs for such input, and the member gets a clear answer.

const seen: string[] = [];

/** A plugin with a form (modal), a panel (a button and a menu whose ids and values the bot chose) and handlers. */
const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  commands: [
    class FormCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('form').setDescription('opens a form'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('probe-form')
            .setTitle('Form')
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Paragraph))),
        );
      }
    },
    class PanelCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('panel').setDescription('a button and a menu'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.reply({
          content: 'Pick',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('probe-ok').setLabel('OK').setStyle(ButtonStyle.Primary),
              new ButtonBuilder().setCustomId('probe-bad\u0000').setLabel('Bad').setStyle(ButtonStyle.Secondary),
            ),
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder().setCustomId('probe-menu').addOptions({ label: 'Fine', value: 'fine' }, { label: 'Odd', value: 'od\u0007d' }),
            ),
          ],
        });
      }
    },
  ],
  interactionHandlers: [
    class ProbeForm extends InteractionHandler {
      constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
        super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
      }
      override parse(interaction: ModalSubmitInteraction) {
        return interaction.customId === 'probe-form' ? this.some() : this.none();
      }
      override async run(interaction: ModalSubmitInteraction): Promise<void> {
        seen.push(`form:${interaction.fields.getTextInputValue('note')}`);
        await interaction.reply({ content: 'saved', flags: MessageFlags.Ephemeral });
      }
    },
    class ProbeButtons extends InteractionHandler {
      constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
        super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
      }
      override parse(interaction: ButtonInteraction) {
        return interaction.customId.startsWith('probe-') ? this.some() : this.none();
      }
      override async run(interaction: ButtonInteraction): Promise<void> {
        seen.push(`button:${interaction.customId}`);
        await interaction.reply({ content: 'pressed', flags: MessageFlags.Ephemeral });
      }
    },
    class ProbeMenu extends InteractionHandler {
      constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
        super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
      }
      override parse(interaction: StringSelectMenuInteraction) {
        return interaction.customId === 'probe-menu' ? this.some() : this.none();
      }
      override async run(interaction: StringSelectMenuInteraction): Promise<void> {
        seen.push(`menu:${interaction.values.join(',')}`);
        await interaction.reply({ content: 'picked', flags: MessageFlags.Ephemeral });
      }
    },
  ],
});

let bot: TestBot;
let capture: LogCapture;
test.before(async () => {
  const logs = captureLogs('debug');
  capture = logs.capture;
  bot = await createTestBot({ plugins: [probe], logger: logs.logger });
});
test.after.always(() => bot?.close());

const errors = (): unknown[] => capture.entries().filter((e) => Number(e.level) >= 50);

test.serial('a modal field with a NUL is refused, naming the field, and its handler never runs', async (t) => {
  seen.length = 0;
  await bot.as('carol').run('/form');
  const refused = await bot.as('carol').submitModal('probe-form', { note: 'hello\u0000world' });
  assertRefusal(t, refused, 'INVALID_INPUT');
  t.regex(refused.embeds[0]!.description!, /`note` contains a control character \(U\+0000\)/);
  t.deepEqual(seen, []);

  // Multi-line text keeps its tabs and newlines.
  await bot.as('carol').run('/form');
  const saved = await bot.as('carol').submitModal('probe-form', { note: 'line one\n\tline two\r\n' });
  t.is(saved.content, 'saved');
  t.deepEqual(seen, ['form:line one\n\tline two\r\n']);
  t.deepEqual(errors(), []);
});

test.serial('a button id or a menu value with a control character is refused; clean ones reach their handler', async (t) => {
  seen.length = 0;
  const panel = await bot.as('carol').run('/panel');
  const bad = await bot.as('carol').press(panel, 'probe-bad\u0000');
  assertRefusal(t, bad, 'INVALID_INPUT');
  t.regex(bad.embeds[0]!.description!, /button or menu id/);
  const odd = await bot.as('carol').select(panel, 'probe-menu', ['od\u0007d']);
  assertRefusal(t, odd, 'INVALID_INPUT');
  t.regex(odd.embeds[0]!.description!, /U\+0007/);
  t.deepEqual(seen, []);

  t.is((await bot.as('carol').press(panel, 'probe-ok')).content, 'pressed');
  t.is((await bot.as('carol').select(panel, 'probe-menu', ['fine'])).content, 'picked');
  t.deepEqual(seen, ['button:probe-ok', 'menu:fine']);
  t.deepEqual(errors(), []);
});
