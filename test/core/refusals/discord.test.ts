import test from 'ava';
import { Command, InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction } from 'discord.js';
import { pino } from 'pino';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { Refusal } from '../../../src/core/refusals/refusal.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';

/** One slash command `/<name>` that runs `run`. */
function command(name: string, run: (interaction: Command.ChatInputCommandInteraction) => Promise<void>) {
  const piece = class extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name, description: `The ${name} command` });
    }
    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) => b.setName(name).setDescription(`The ${name} command`));
    }
    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      await run(interaction);
    }
  };
  // Pieces are named after their class: give each command its own.
  return Object.defineProperty(piece, 'name', { value: `${name}Command` });
}

class TeaButtonHandler extends InteractionHandler {
  constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }
  override parse(interaction: ButtonInteraction) {
    return interaction.customId === 'refuser:pour' ? this.some() : this.none();
  }
  override async run(): Promise<void> {
    throw new Refusal('OUT_OF_TEA', 'The pot is empty.', { next: 'Come back after four.' });
  }
}

const refuser = definePlugin({
  name: 'refuser',
  version: '1.0.0',
  refusals: { OUT_OF_TEA: { title: 'Out of tea', status: 409, description: 'The pot is empty.' } },
  commands: () => [
    command('tea', async () => {
      throw new Refusal('OUT_OF_TEA', 'The pot is empty.', { next: 'Come back after four.' });
    }),
    command('cup', async () => {
      throw new Refusal('NOT_FOUND', 'There is no cup here.');
    }),
    command('slow-tea', async (interaction) => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      throw new Refusal('OUT_OF_TEA', 'The pot is empty.');
    }),
    command('kettle', async (interaction) => {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('refuser:pour').setLabel('Pour').setStyle(ButtonStyle.Primary));
      await interaction.reply({ content: 'The kettle', components: [row] });
    }),
    command('crash', async () => {
      throw new Error('database password is hunter2');
    }),
  ],
  interactionHandlers: () => [TeaButtonHandler],
});

let bot: TestBot;
const logged: Record<string, unknown>[] = [];
test.before(async () => {
  bot = await createTestBot({ plugins: [refuser] });
  // Read the app's log lines (the error listeners log through the root logger) from here on, at every level.
  (bot.app.logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) };
  bot.app.logger.level = 'debug';
});
test.after.always(() => bot?.close());

test.serial("a command that throws a plugin's Refusal: the private embed with the catalogue's title, the message, what to do, the code", async (t) => {
  const reply = await bot.as('carol').run('/tea');
  assertRefusal(t, reply, 'OUT_OF_TEA');
  t.is(reply.embeds[0]!.title, 'Out of tea');
  t.is(reply.embeds[0]!.description, 'The pot is empty.\n**What to do:** Come back after four.\nNothing was changed.');
});

test.serial("a core code gets the core catalogue's title", async (t) => {
  const reply = await bot.as('carol').run('/cup');
  assertRefusal(t, reply, 'NOT_FOUND');
  t.is(reply.embeds[0]!.title, 'Not found');
});

test.serial('a refusal after a private deferral completes that reply, still private', async (t) => {
  const reply = await bot.as('carol').run('/slow-tea');
  assertRefusal(t, reply, 'OUT_OF_TEA');
});

test.serial('an interaction handler that throws a Refusal gets the same answer as a command', async (t) => {
  const kettle = await bot.as('carol').run('/kettle');
  const pressed = await bot.as('carol').press(kettle, 'refuser:pour');
  const command = await bot.as('carol').run('/tea');
  assertRefusal(t, pressed, 'OUT_OF_TEA');
  t.deepEqual(pressed.embeds, command.embeds);
});

test.serial('a command that throws a plain Error: "Something went wrong" with the reference that is in the log line', async (t) => {
  logged.length = 0;
  const reply = await bot.as('carol').run('/crash');
  t.true(reply.ephemeral);
  t.is(reply.embeds[0]!.title, 'Something went wrong');
  const description = reply.embeds[0]!.description!;
  t.false(description.includes('hunter2'));
  const supportId = /`([0-9a-f]{8})`/.exec(description)?.[1];
  t.truthy(supportId, 'the member gets a reference');
  const line = logged.find((l) => l.supportId === supportId);
  t.truthy(line, 'the same reference is in the log');
  t.is(line!.plugin, 'refuser');
  t.is(line!.level, 50);
  t.regex(String(line!.msg), /command \/crash of plugin "refuser" failed/);
});

test.serial('refusals are logged at debug, never as errors', async (t) => {
  logged.length = 0;
  await bot.as('carol').run('/tea');
  t.false(logged.some((l) => Number(l.level) >= 50));
  t.true(logged.some((l) => l.code === 'OUT_OF_TEA' && l.plugin === 'refuser'));
});
