import test from 'ava';
import { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { createTestBot } from '../../../src/testkit/index.ts';

/** A command that takes longer than Discord's 3 s to answer (a database that went silent, then came back). */
const slow = definePlugin({
  name: 'slow',
  version: '1.0.0',
  commands: [
    class SlowCommand extends Command {
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('slow').setDescription('x'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await new Promise((r) => setTimeout(r, 3_500));
        const response = await interaction.reply({ content: 'done at last', flags: MessageFlags.Ephemeral, withResponse: true });
        await interaction.followUp({ content: `reply message ${response.resource?.message?.id ? 'known' : 'unknown'}` });
      }
    },
  ],
});

test('a command still working at the deadline is deferred for it, and its late reply becomes the answer (bug: unanswered, then written)', async (t) => {
  const bot = await createTestBot({ plugins: [slow] });
  t.teardown(() => bot.close());
  const followUp = new Promise<string>((resolve) => {
    bot.emulator.on('message', (m) => {
      if (m.content.startsWith('reply message')) resolve(m.content);
    });
  });
  const result = await bot.as('carol').run('/slow', {});
  t.is(result.content, 'done at last');
  t.is(await followUp, 'reply message known', 'reply({ withResponse }) still gives the message');
});
