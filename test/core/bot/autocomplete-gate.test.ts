import test from 'ava';
import { Command, InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { AutocompleteInteraction } from 'discord.js';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import ml from '../../../src/plugins/ml/index.ts';
import { seedGames } from '../../plugins/betting/seed.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';

/** A plugin whose command autocompletes itself, and one whose command is autocompleted by an interaction handler. */
function probePlugins() {
  const calls = { command: 0, handlerParse: 0, handlerRun: 0 };
  const own = definePlugin({
    name: 'own',
    version: '1.0.0',
    commands: [
      class OwnCommand extends Command {
        override registerApplicationCommands(registry: Command.Registry): void {
          registry.registerChatInputCommand((b) => b.setName('own').setDescription('x').addStringOption((o) => o.setName('q').setDescription('q').setAutocomplete(true)));
        }
        override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
          calls.command++;
          await interaction.respond([{ name: 'own-choice', value: 'own' }]);
        }
        override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
          await interaction.reply('own');
        }
      },
    ],
  });
  const viaHandler = definePlugin({
    name: 'handled',
    version: '1.0.0',
    commands: [
      class HandledCommand extends Command {
        override registerApplicationCommands(registry: Command.Registry): void {
          registry.registerChatInputCommand((b) => b.setName('handled').setDescription('x').addStringOption((o) => o.setName('q').setDescription('q').setAutocomplete(true)));
        }
        override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
          await interaction.reply('handled');
        }
      },
    ],
    interactionHandlers: [
      class HandledAutocomplete extends InteractionHandler {
        constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
          super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Autocomplete });
        }
        override parse(interaction: AutocompleteInteraction) {
          calls.handlerParse++;
          return interaction.commandName === 'handled' ? this.some() : this.none();
        }
        override async run(interaction: AutocompleteInteraction): Promise<void> {
          calls.handlerRun++;
          await interaction.respond([{ name: 'handled-choice', value: 'handled' }]);
        }
      },
    ],
  });
  return { calls, plugins: [own, viaHandler] };
}

// One bot per process (the testkit's rule): every plugin of both tests is loaded in it.
const probe = probePlugins();
let bot: TestBot;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml, ...probe.plugins], tier: 'premium' });
});
test.after.always(() => bot?.close());

test.serial('/predict offers no games while ML is locked or off for the server, and its games once it is on', async (t) => {
  const { ids } = await seedGames(bot.app.contextOf('betting') as unknown as BettingContext, [{ key: 'gate-1', home: 'Arsenal', away: 'Chelsea', inMinutes: 120 }]);
  const typing = () => bot.as('carol').autocomplete('/predict game', 'game', { game: 'Arse' });

  t.deepEqual(await typing(), [], 'locked: ML needs platinum');
  await bot.app.settings.setTier(bot.guildId, 'platinum');
  t.deepEqual(await typing(), [], 'allowed by the tier but switched off');
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
  t.true((await typing()).some((c) => c.value === String(ids['gate-1'])), 'on: the same typing finds the game');
});

test.serial("a plugin that is off answers its commands' autocomplete with no choices and runs none of its code", async (t) => {
  const { calls } = probe;
  await bot.app.settings.setEnabled(bot.guildId, 'own', false);
  await bot.app.settings.setEnabled(bot.guildId, 'handled', false);

  t.deepEqual(await bot.as('carol').autocomplete('/own', 'q', { q: 'o' }), []);
  t.deepEqual(await bot.as('carol').autocomplete('/handled', 'q', { q: 'h' }), []);
  t.deepEqual(calls, { command: 0, handlerParse: 0, handlerRun: 0 }, "no plugin code ran while it was off");

  await bot.app.settings.setEnabled(bot.guildId, 'own', true);
  await bot.app.settings.setEnabled(bot.guildId, 'handled', true);
  t.deepEqual(await bot.as('carol').autocomplete('/own', 'q', { q: 'o' }), [{ name: 'own-choice', value: 'own' }]);
  t.deepEqual(await bot.as('carol').autocomplete('/handled', 'q', { q: 'h' }), [{ name: 'handled-choice', value: 'handled' }]);
  t.is(calls.command, 1);
  t.is(calls.handlerRun, 1);
});
