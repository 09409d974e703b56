import test from 'ava';
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type Client } from 'discord.js';
import { EmulatorInputError } from '../../src/emulator/index.ts';
import { startHarness } from './helpers.ts';

const betCommand = new SlashCommandBuilder()
  .setName('bet')
  .setDescription('Betting')
  .addSubcommandGroup((group) =>
    group
      .setName('place')
      .setDescription('Place bets')
      .addSubcommand((sub) =>
        sub
          .setName('single')
          .setDescription('A single bet')
          .addStringOption((o) => o.setName('market').setDescription('m').setRequired(true).addChoices({ name: 'Win', value: 'win' }, { name: 'Draw', value: 'draw' }))
          .addIntegerOption((o) => o.setName('stake').setDescription('s').setRequired(true).setMinValue(1))
          .addBooleanOption((o) => o.setName('boost').setDescription('b'))
          .addUserOption((o) => o.setName('friend').setDescription('f'))
          .addChannelOption((o) => o.setName('where').setDescription('w'))
          .addRoleOption((o) => o.setName('team').setDescription('t'))
          .addMentionableOption((o) => o.setName('notify').setDescription('n'))
          .addNumberOption((o) => o.setName('odds').setDescription('o'))
          .addAttachmentOption((o) => o.setName('slip').setDescription('s')),
      ),
  )
  .addSubcommand((sub) => sub.setName('ephemeral').setDescription('e'))
  .addSubcommand((sub) => sub.setName('slow').setDescription('deferred then edited'))
  .addSubcommand((sub) => sub.setName('followup').setDescription('reply then follow-up'))
  .addSubcommand((sub) =>
    sub
      .setName('search')
      .setDescription('autocomplete')
      .addStringOption((o) => o.setName('team').setDescription('t').setRequired(true).setAutocomplete(true)),
  );

async function handle(interaction: ChatInputCommandInteraction): Promise<void> {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand();
  if (group === 'place' && sub === 'single') {
    const slip = interaction.options.getAttachment('slip');
    const slipText = slip ? await (await fetch(slip.url)).text() : null;
    await interaction.reply({
      content: JSON.stringify({
        market: interaction.options.getString('market', true),
        stake: interaction.options.getInteger('stake', true),
        boost: interaction.options.getBoolean('boost'),
        friend: interaction.options.getUser('friend')?.username ?? null,
        friendIsMember: interaction.options.getMember('friend') !== null,
        where: interaction.options.getChannel('where')?.name ?? null,
        team: interaction.options.getRole('team')?.name ?? null,
        notify: interaction.options.getMentionable('notify') ? 'yes' : null,
        odds: interaction.options.getNumber('odds'),
        slip: slipText,
      }),
    });
  } else if (sub === 'ephemeral') {
    await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
  } else if (sub === 'slow') {
    await interaction.deferReply();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await interaction.editReply({ content: 'done thinking', embeds: [{ title: 'Result', description: 'all good' }] });
  } else if (sub === 'followup') {
    await interaction.reply('first');
    await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
  }
}

function wire(client: Client): void {
  client.on('clientReady', async (c) => {
    await c.application.commands.set([betCommand.toJSON()]);
  });
  client.on('interactionCreate', async (interaction) => {
    if (interaction.isChatInputCommand()) await handle(interaction);
    else if (interaction.isAutocomplete()) {
      const typed = interaction.options.getFocused();
      await interaction.respond(['Arsenal', 'Aston Villa', 'Brentford'].filter((n) => n.toLowerCase().startsWith(typed.toLowerCase())).map((n) => ({ name: n, value: n })));
    }
  });
}

async function harness(t: Parameters<typeof startHarness>[0]) {
  const h = await startHarness(t, { beforeLogin: (client) => wire(client) });
  // Registration happens right after clientReady; wait until it landed.
  while (h.emulator.registeredCommands().length === 0) await new Promise((r) => setTimeout(r, 10));
  return h;
}

test('commands registered by the bot are stored and can be fetched, edited and deleted', async (t) => {
  const { emulator, client, guildId } = await harness(t);
  const registered = emulator.registeredCommands();
  t.deepEqual(registered.map((c) => c.name), ['bet']);
  const fetched = await client.application!.commands.fetch();
  t.is(fetched.size, 1);
  const guildCommand = await client.application!.commands.create({ name: 'ping', description: 'pong' }, guildId);
  t.is(emulator.registeredCommands(guildId)[0]?.name, 'ping');
  const edited = await guildCommand.edit({ description: 'pong!' });
  t.is(edited.description, 'pong!');
  await guildCommand.delete();
  t.deepEqual(emulator.registeredCommands(guildId), []);
  t.deepEqual(emulator.unknownRoutes, []);
});

test('subcommand group + subcommand with every option type', async (t) => {
  const { emulator, guildId, channelId } = await harness(t);
  const friend = emulator.createUser({ username: 'friend' });
  emulator.addMember(guildId, friend.id);
  const role = emulator.createRole(guildId, { name: 'Reds' });
  const result = await emulator.runCommand({
    command: 'bet place single',
    options: {
      market: 'win',
      stake: 5,
      boost: true,
      friend: friend.id,
      where: channelId,
      team: role.id,
      notify: role.id,
      odds: 2.5,
      slip: { filename: 'slip.txt', content: 'my slip' },
    },
  });
  t.is(result.type, 4);
  t.false(result.ephemeral);
  t.deepEqual(JSON.parse(result.content), {
    market: 'win',
    stake: 5,
    boost: true,
    friend: 'friend',
    friendIsMember: true,
    where: 'general',
    team: 'Reds',
    notify: 'yes',
    odds: 2.5,
    slip: 'my slip',
  });
  t.is(emulator.messages(channelId).at(-1)?.id, result.messageId);
});

test('ephemeral reply, deferred reply then edit, follow-up', async (t) => {
  const { emulator, channelId } = await harness(t);
  const ephemeral = await emulator.runCommand({ command: 'bet ephemeral' });
  t.true(ephemeral.ephemeral);
  t.is(ephemeral.content, 'only you');
  t.false(emulator.messages(channelId).some((m) => m.id === ephemeral.messageId));

  const slow = await emulator.runCommand({ command: 'bet slow' });
  t.is(slow.type, 5);
  t.is(slow.content, 'done thinking');
  t.is(slow.embeds[0]?.title, 'Result');

  const first = await emulator.runCommand({ command: 'bet followup' });
  t.is(first.content, 'first');
  const followUp = await emulator.waitForMessage((m) => m.interactionId === first.interactionId && m.content === 'second');
  t.true(followUp.ephemeral);
  t.deepEqual(
    emulator.interactionMessages(first.interactionId).map((m) => m.content),
    ['first', 'second'],
  );
});

test('autocomplete sends the focused option and returns the choices', async (t) => {
  const { emulator } = await harness(t);
  const result = await emulator.autocomplete({ command: 'bet search', options: { team: 'a' }, focused: 'team' });
  t.is(result.type, 8);
  t.deepEqual(result.choices, [
    { name: 'Arsenal', value: 'Arsenal' },
    { name: 'Aston Villa', value: 'Aston Villa' },
  ]);
});

test('bad input gives a clear EmulatorInputError', async (t) => {
  const { emulator } = await harness(t);
  const unknown = await t.throwsAsync(emulator.runCommand({ command: 'foo' }), { instanceOf: EmulatorInputError });
  t.is(unknown?.message, 'Unknown command "foo". Registered: bet');
  await t.throwsAsync(emulator.runCommand({ command: 'bet nope' }), {
    instanceOf: EmulatorInputError,
    message: 'Unknown subcommand "nope" of "bet". Available: place, ephemeral, slow, followup, search',
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet place single', options: { market: 'win', stake: 1, colour: 'red' } }), {
    instanceOf: EmulatorInputError,
    message: /Unknown option "colour" for "\/bet place single". Options: market, stake, boost/,
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet place single', options: { market: 'win' } }), {
    instanceOf: EmulatorInputError,
    message: 'Missing required option(s) for "/bet place single": stake',
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet place single', options: { market: 'win', stake: 'five' } }), {
    instanceOf: EmulatorInputError,
    message: /Wrong value type for option "stake".*expected INTEGER/,
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet place single', options: { market: 'lose', stake: 1 } }), {
    instanceOf: EmulatorInputError,
    message: /not a choice of option "market".*Win \("win"\), Draw \("draw"\)/,
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet place single', options: { market: 'win', stake: 1, friend: '123' } }), {
    instanceOf: EmulatorInputError,
    message: /Unknown user "123"/,
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet ephemeral', userId: '999' }), {
    instanceOf: EmulatorInputError,
    message: /Unknown user "999"/,
  });
  await t.throwsAsync(emulator.runCommand({ command: 'bet ephemeral', guildId: '1' }), {
    instanceOf: EmulatorInputError,
    message: /Unknown guild "1"/,
  });
});
