import test from 'ava';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Client,
} from 'discord.js';
import { EmulatorInputError } from '../../src/emulator/index.ts';
import { startHarness } from './helpers.ts';

function wire(client: Client): void {
  client.on('clientReady', async (c) => {
    await c.application.commands.set([
      { name: 'panel', description: 'buttons and a select' },
      { name: 'feedback', description: 'opens a modal' },
    ]);
  });
  client.on('interactionCreate', async (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === 'panel') {
      await interaction.reply({
        content: 'Pick one',
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('accept').setLabel('Accept').setStyle(ButtonStyle.Success),
            new ButtonBuilder().setCustomId('later').setLabel('Later').setStyle(ButtonStyle.Secondary),
          ),
          new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
            new StringSelectMenuBuilder()
              .setCustomId('sport')
              .setMaxValues(2)
              .addOptions({ label: 'Football', value: 'football' }, { label: 'Tennis', value: 'tennis' }, { label: 'Golf', value: 'golf' }),
          ),
        ],
      });
    } else if (interaction.isChatInputCommand() && interaction.commandName === 'feedback') {
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('feedback-modal')
          .setTitle('Feedback')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('comment').setLabel('Comment').setStyle(TextInputStyle.Paragraph),
            ),
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('rating').setLabel('Rating').setStyle(TextInputStyle.Short).setRequired(false),
            ),
          ),
      );
    } else if (interaction.isButton() && interaction.customId === 'accept') {
      await interaction.update({ content: `Accepted by ${interaction.user.username}`, components: [] });
    } else if (interaction.isButton() && interaction.customId === 'later') {
      await interaction.deferUpdate();
      await interaction.editReply({ content: 'Reminder set' });
    } else if (interaction.isStringSelectMenu()) {
      await interaction.reply(`You picked ${interaction.values.join('+')}`);
    } else if (interaction.isModalSubmit()) {
      const rating = interaction.fields.getTextInputValue('rating');
      await interaction.reply(`Thanks: ${interaction.fields.getTextInputValue('comment')} (${rating || 'no rating'})`);
    }
  });
}

async function harness(t: Parameters<typeof startHarness>[0]) {
  const h = await startHarness(t, { beforeLogin: (client) => wire(client) });
  while (h.emulator.registeredCommands().length === 0) await new Promise((r) => setTimeout(r, 10));
  return h;
}

test('button press answered with update edits the message', async (t) => {
  const { emulator } = await harness(t);
  const panel = await emulator.runCommand({ command: 'panel' });
  t.is(panel.components.length, 2);
  const pressed = await emulator.pressButton({ messageId: panel.messageId!, customId: 'accept' });
  t.is(pressed.type, 7);
  t.is(pressed.content, 'Accepted by tester');
  t.deepEqual(pressed.components, []);
  t.is(emulator.message(panel.messageId!)?.content, 'Accepted by tester');
  await t.throwsAsync(emulator.pressButton({ messageId: panel.messageId!, customId: 'accept' }), {
    instanceOf: EmulatorInputError,
    message: /No button with custom_id "accept"/,
  });
});

test('button press answered with deferUpdate then editReply edits the message', async (t) => {
  const { emulator } = await harness(t);
  const panel = await emulator.runCommand({ command: 'panel' });
  const later = await emulator.pressButton({ messageId: panel.messageId!, customId: 'later' });
  t.is(later.type, 6);
  t.is(later.content, 'Reminder set');
  t.is(later.messageId, panel.messageId);
  t.is(emulator.message(panel.messageId!)?.content, 'Reminder set');
});

test('select menu values reach the bot', async (t) => {
  const { emulator } = await harness(t);
  const panel = await emulator.runCommand({ command: 'panel' });
  const picked = await emulator.selectMenu({ messageId: panel.messageId!, customId: 'sport', values: ['football', 'golf'] });
  t.is(picked.content, 'You picked football+golf');
  await t.throwsAsync(emulator.selectMenu({ messageId: panel.messageId!, customId: 'sport', values: ['chess'] }), {
    instanceOf: EmulatorInputError,
    message: 'Value "chess" is not an option of select "sport". Options: "football", "tennis", "golf"',
  });
});

test('modal shown by a command and submitted by the user', async (t) => {
  const { emulator } = await harness(t);
  const shown = await emulator.runCommand({ command: 'feedback' });
  t.is(shown.type, 9);
  t.is(shown.modal?.custom_id, 'feedback-modal');
  t.is(shown.modal?.title, 'Feedback');
  const submitted = await emulator.submitModal({ customId: 'feedback-modal', fields: { comment: 'great odds' } });
  t.is(submitted.content, 'Thanks: great odds (no rating)');
  await t.throwsAsync(emulator.submitModal({ customId: 'feedback-modal', fields: { rating: '5' } }), {
    instanceOf: EmulatorInputError,
    message: 'Modal "feedback-modal": text input "comment" is required',
  });
});
