import test from 'ava';
import { Command } from '@sapphire/framework';
import { z } from 'zod';
import { GuildPluginSchema } from '../../../src/core/db/entities/guild-plugin.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { SettingError } from '../../../src/core/settings/settings-service.ts';
import { createTestBot } from '../../../src/testkit/index.ts';
import { bootApp } from '../../helpers/app.ts';

const GUILD = '300000001';
/** Keys that name Object.prototype members: each must be an unknown setting, never the prototype's own. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const tuned = definePlugin({
  name: 'tuned',
  version: '1.0.0',
  settings: z.object({ greeting: z.string().min(1).max(20).default('Hi') }),
  commands: (ctx) => [
    class extends Command {
      constructor(context: Command.LoaderContext, options: Command.Options) {
        super(context, { ...options, name: 'tuned', description: 'Says the greeting' });
      }
      override registerApplicationCommands(registry: Command.Registry): void {
        registry.registerChatInputCommand((b) => b.setName('tuned').setDescription('Says the greeting'));
      }
      override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
        await interaction.reply(`${(await ctx.settings.get(interaction.guildId!)).greeting}!`);
      }
    },
  ],
});

const rows = async (app: Awaited<ReturnType<typeof bootApp>>) =>
  (await app.orm.em.fork().getConnection().execute('select guild_id, plugin, enabled, settings from guild_plugins order by plugin')) as unknown[];

test('a setting key named like a prototype member is refused as an unknown setting; nothing is stored or polluted', async (t) => {
  const app = await bootApp(t, [{ plugin: tuned }]);
  const before = await rows(app);
  for (const key of PROTOTYPE_KEYS) {
    for (const value of ['1', '{"polluted":true}', 'x']) {
      const err = await t.throwsAsync(app.settings.set(GUILD, 'tuned', key, value), { instanceOf: SettingError }, key);
      t.is(err?.code, 'UNKNOWN_SETTING', key);
      t.is(err?.message, `"tuned" has no setting "${key}". Its settings are: greeting. See them with /settings view plugin:tuned.`);
    }
    // Through the plugin's own context too.
    await t.throwsAsync(app.contextOf('tuned')!.settings.set(GUILD, key, '1'), { instanceOf: SettingError });
  }
  t.deepEqual(await rows(app), before);
  t.deepEqual(await app.settings.get(GUILD, 'tuned'), { greeting: 'Hi' });
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test('stored overrides with prototype-named keys (written by an older version or by hand) are ignored, not crashed on', async (t) => {
  const app = await bootApp(t, [{ plugin: tuned }]);
  const em = app.orm.em.fork();
  em.create(GuildPluginSchema, { guildId: GUILD, plugin: 'tuned', enabled: null, settings: JSON.parse('{"__proto__":{"greeting":"Hacked"},"constructor":"x","toString":"y","greeting":"Hello"}') } as never);
  await em.flush();
  app.guilds.invalidate(GUILD);
  const settings = await app.settings.get<Record<string, unknown>>(GUILD, 'tuned');
  t.deepEqual(settings, { greeting: 'Hello' });
  t.is(Object.getPrototypeOf(settings), Object.prototype);
  t.true((await app.settings.view(GUILD, 'tuned')).every((v) => v.key === 'greeting'));
});

test('/settings set with a prototype-named key answers the unknown-setting refusal and changes nothing', async (t) => {
  const bot = await createTestBot({ plugins: [tuned] });
  t.teardown(() => bot.close());
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) {
    const reply = await bot.as('alice').run('/settings set', { plugin: 'tuned', key, value: 'Yo' });
    t.is(reply.embeds[0]?.title, 'That setting was not changed', key);
    t.regex(reply.embeds[0]?.description ?? '', new RegExp(`"tuned" has no setting "${key.replace(/[_$]/g, '\\$&')}"\\. Its settings are: greeting`), key);
  }
  const choices = await bot.as('alice').autocomplete('/settings set', 'key', { plugin: 'tuned', key: 'proto' });
  t.deepEqual(choices, []);
  t.regex((await bot.as('carol').run('/tuned')).content, /^Hi!/, 'the setting still has its default');
});
