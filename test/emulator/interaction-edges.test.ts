import test from 'ava';
import { AttachmentBuilder } from 'discord.js';
import { EmulatorTimeoutError } from '../../src/emulator/index.ts';
import { startHarness } from './helpers.ts';

async function harness(t: Parameters<typeof startHarness>[0], ackDeadlineMs = 3000) {
  const h = await startHarness(t, {
    emulator: { interactionAckDeadlineMs: ackDeadlineMs },
    beforeLogin: (client) => {
      client.on('clientReady', async (c) => {
        await c.application.commands.set([
          { name: 'export', description: 'replies with a file' },
          { name: 'silent', description: 'never answers' },
          { name: 'whoami', description: 'works in DMs', contexts: [0, 1] },
        ]);
      });
      client.on('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        if (interaction.commandName === 'export') {
          await interaction.reply({ content: 'here', files: [new AttachmentBuilder(Buffer.from('{"ok":true}'), { name: 'export.json' })] });
        } else if (interaction.commandName === 'whoami') {
          await interaction.reply(`${interaction.user.username} in ${interaction.inGuild() ? 'guild' : 'dm'}`);
        }
      });
    },
  });
  while (h.emulator.registeredCommands().length === 0) await new Promise((r) => setTimeout(r, 10));
  return h;
}

test('interaction reply with a file (multipart callback)', async (t) => {
  const { emulator } = await harness(t);
  const result = await emulator.runCommand({ command: 'export' });
  t.is(result.content, 'here');
  t.is(result.attachments[0]?.filename, 'export.json');
  t.is(result.attachments[0]?.content_type, 'application/json');
  t.deepEqual(await (await fetch(result.attachments[0]!.url)).json(), { ok: true });
});

test('commands run in DMs carry the user instead of a member', async (t) => {
  const { emulator } = await harness(t);
  const result = await emulator.runCommand({ command: 'whoami', dm: true });
  t.is(result.content, 'tester in dm');
  t.is((await emulator.runCommand({ command: 'whoami' })).content, 'tester in guild');
});

test('an interaction the bot never acknowledges fails like on Discord', async (t) => {
  const { emulator } = await harness(t, 200);
  await t.throwsAsync(emulator.runCommand({ command: 'silent' }), {
    instanceOf: EmulatorTimeoutError,
    message: /did not acknowledge interaction "silent".*within 200 ms/,
  });
});
