import test from 'ava';
import { assertRefusal } from '../../helpers/refusal.ts';
import { Command } from '@sapphire/framework';
import { z } from 'zod';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';

function commandPlugin(name: string, tier: 'free' | 'premium' | 'platinum', run: () => string) {
  return definePlugin({
    name,
    version: '1.0.0',
    tier,
    settings: z.object({ greeting: z.string().min(1).max(20).default('Hi').describe('The greeting') }),
    commands: (ctx) => [
      class extends Command {
        constructor(context: Command.LoaderContext, options: Command.Options) {
          super(context, { ...options, name, description: `The ${name} command` });
        }
        override registerApplicationCommands(registry: Command.Registry): void {
          registry.registerChatInputCommand((b) => b.setName(name).setDescription(`The ${name} command`));
        }
        override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
          const { greeting } = await ctx.settings.get(interaction.guildId!);
          await interaction.reply(`${greeting} ${run()}`);
        }
      },
    ],
  });
}

let bot: TestBot;
test.before(async () => {
  bot = await createTestBot({
    tier: 'premium',
    plugins: [
      commandPlugin('basic', 'free', () => 'from basic'),
      commandPlugin('vip', 'platinum', () => 'from vip'),
      commandPlugin('crashy', 'free', () => {
        throw new Error('kaboom');
      }),
    ],
  });
});
test.after.always(async () => {
  await bot?.close();
});

const title = (r: { embeds: { title?: string }[] }) => r.embeds[0]?.title ?? '';
const description = (r: { embeds: { description?: string }[] }) => r.embeds[0]?.description ?? '';
const guildPlugins = async () => (await bot.app.orm.em.fork().getConnection().execute('select * from guild_plugins order by plugin')) as unknown[];

test.serial('/plugins list shows each plugin on, off or locked with the tier it needs', async (t) => {
  const reply = await bot.as('carol').run('/plugins list');
  t.is(title(reply), 'Plugins in this server');
  t.regex(description(reply), /\*\*basic\*\* · 🟢 on/);
  t.regex(description(reply), /\*\*vip\*\* · 🔒 locked — needs the \*\*platinum\*\* tier/);
});

test.serial('a member without Manage Server cannot switch plugins, and nothing changes', async (t) => {
  const before = await guildPlugins();
  const reply = await bot.as('carol').run('/plugins disable', { name: 'basic' });
  t.true(reply.ephemeral);
  t.is(title(reply), 'You need the Manage Server permission');
  t.deepEqual(await guildPlugins(), before);
  t.regex((await bot.as('carol').run('/basic')).content, /Hi from basic/);
});

test.serial('enabling a plugin above the tier answers with the tier needed and changes nothing', async (t) => {
  const before = await guildPlugins();
  const reply = await bot.as('alice').run('/plugins enable', { name: 'vip' });
  t.is(title(reply), 'vip needs the platinum tier');
  assertRefusal(t, reply, 'NOT_ALLOWED');
  t.regex(description(reply), /this server is on premium\. Ask the bot owner to upgrade the server\./);
  t.deepEqual(await guildPlugins(), before);
});

test.serial('an unknown plugin name gets the list of installed plugins', async (t) => {
  const reply = await bot.as('alice').run('/plugins enable', { name: 'betting-pro' });
  t.regex(description(reply), /There is no plugin "betting-pro"\. Installed plugins: basic, vip, crashy/);
});

test.serial('the gate on commands: a disabled plugin and a plugin above the tier both refuse, with the reason', async (t) => {
  const off = await bot.as('alice').run('/plugins disable', { name: 'basic' });
  t.is(title(off), 'basic is now off');
  const denied = await bot.as('carol').run('/basic');
  t.true(denied.ephemeral);
  t.is(title(denied), 'Not available here');
  t.regex(description(denied), /"basic" is turned off in this server.*\/plugins enable name:basic/);
  const locked = await bot.as('carol').run('/vip');
  t.regex(description(locked), /"vip" needs the platinum tier; this server is on premium/);
  await bot.as('alice').run('/plugins enable', { name: 'basic' });
  t.regex((await bot.as('carol').run('/basic')).content, /from basic/);
});

test.serial('/settings view and set go through the plugin schema; bad values are refused and nothing changes', async (t) => {
  const view = await bot.as('alice').run('/settings view', { plugin: 'basic' });
  t.true(view.ephemeral);
  t.like(view.embeds[0]!.fields![0], { name: 'greeting (default)', value: '`Hi`\nThe greeting' });

  const set = await bot.as('alice').run('/settings set', { plugin: 'basic', key: 'greeting', value: 'Howdy' });
  t.is(title(set), 'basic.greeting is now `Howdy`');
  t.regex((await bot.as('carol').run('/basic')).content, /^Howdy from basic/);

  const before = await guildPlugins();
  const tooLong = await bot.as('alice').run('/settings set', { plugin: 'basic', key: 'greeting', value: 'x'.repeat(30) });
  t.is(title(tooLong), 'That setting was not changed');
  t.regex(description(tooLong), /is not a valid value for basic\.greeting/);
  const unknown = await bot.as('alice').run('/settings set', { plugin: 'basic', key: 'colour', value: 'red' });
  t.regex(description(unknown), /"basic" has no setting "colour"\. Its settings are: greeting/);
  const member = await bot.as('carol').run('/settings set', { plugin: 'basic', key: 'greeting', value: 'Yo' });
  t.is(title(member), 'You need the Manage Server permission');
  t.deepEqual(await guildPlugins(), before);
});

test.serial('autocomplete suggests installed plugin names', async (t) => {
  const choices = await bot.as('alice').autocomplete('/plugins enable', 'name', { name: 'v' });
  t.deepEqual(choices, [{ name: 'vip', value: 'vip' }]);
});

test.serial('/tier set is for the bot owner only', async (t) => {
  // Discord hides /tier from non-administrators; a server administrator who is not the bot owner is still refused.
  const role = bot.emulator.createRole(bot.guildId, { name: 'Server Admin', permissions: ['Administrator'] });
  bot.emulator.setMemberRoles(bot.guildId, bot.users.alice, [role.id]);
  const refused = await bot.as('alice').run('/tier set', { tier: 'platinum' });
  t.is(title(refused), 'Only the bot owner can set tiers');
  t.is((await bot.app.guilds.load(bot.guildId)).tier, 'premium');
  const ok = await bot.run('/tier set', { tier: 'platinum' });
  t.is(title(ok), `Server ${bot.guildId} is now on the platinum tier`);
  t.regex((await bot.as('carol').run('/vip')).content, /from vip/);
  await bot.setTier('premium');
});

test.serial('a command that throws is logged with its plugin, the member is told, and the bot keeps going', async (t) => {
  const reply = await bot.as('carol').run('/crashy');
  t.is(title(reply), 'Something went wrong');
  t.true(reply.ephemeral);
  t.regex((await bot.as('carol').run('/basic')).content, /from basic/);
});
