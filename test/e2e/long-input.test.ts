import test from 'ava';
import type { CommandOptionInput, InteractionResult } from '../../src/emulator/index.ts';
import { EmulatorInputError, createTestBot, type TestBot } from '../../src/testkit/index.ts';
import { assertRefusal } from '../helpers/refusal.ts';
import { OptionKind, builtInPlugins, isCrash, leafCommands, type LeafCommand, type LeafOption } from '../helpers/commands.ts';

// Issue 12: a 300-character plugin name, a 5,000-character setting value or a 300-character report name answered
// "Something went wrong" because the input was echoed into an embed past Discord's limits.

let bot: TestBot;
test.before(async () => {
  bot = await createTestBot({ plugins: builtInPlugins, tier: 'platinum' });
  for (const plugin of ['betting', 'webhooks', 'analytics', 'ml']) await bot.app.settings.setEnabled(bot.guildId, plugin, true);
});
test.after.always(() => bot?.close());

/** A small valid value for an option that is not the one under test. */
function plain(option: LeafOption, users: TestBot['users'], channel: string): CommandOptionInput {
  if (option.choices) return option.choices[0]!;
  switch (option.type) {
    case OptionKind.Integer:
    case OptionKind.Number:
      return Math.max(option.minValue ?? 1, 1);
    case OptionKind.Boolean:
      return false;
    case OptionKind.User:
      return users.carol;
    case OptionKind.Channel:
      return channel;
    case OptionKind.Attachment:
      return { filename: 'bets.csv', content: 'date,pick,odds,units,result\n', contentType: 'text/csv' };
    default:
      return 'x'.repeat(Math.max(option.minLength ?? 1, 1));
  }
}

/** Each string option of each command at its maximum length (with and without spaces), the others plain. */
function longCases(leaf: LeafCommand, users: TestBot['users'], channel: string): Record<string, CommandOptionInput>[] {
  const cases: Record<string, CommandOptionInput>[] = [];
  for (const target of leaf.options.filter((o) => o.type === OptionKind.String && !o.choices)) {
    for (const long of ['W'.repeat(target.maxLength), 'word '.repeat(target.maxLength).slice(0, target.maxLength)]) {
      const options: Record<string, CommandOptionInput> = {};
      for (const o of leaf.options) if (o.required) options[o.name] = plain(o, users, channel);
      options[target.name] = long;
      cases.push(options);
    }
  }
  return cases;
}

test.serial('every string option of every command at its maximum length answers without "Something went wrong"', async (t) => {
  const leaves = leafCommands(bot.emulator.registeredCommands());
  t.true(leaves.length >= 40, `expected every built-in command, got ${leaves.length}`);
  const crashes: string[] = [];
  let runs = 0;
  for (const leaf of leaves) {
    for (const options of longCases(leaf, bot.users, bot.channels.general)) {
      for (const who of ['owner', 'carol'] as const) {
        runs += 1;
        let reply: InteractionResult;
        try {
          reply = await bot.as(who).run(`/${leaf.path}`, options);
        } catch (err) {
          // Discord hides a command from a member without its default permissions: they cannot send it at all.
          if (err instanceof EmulatorInputError && /default_member_permissions/.test(err.message)) continue;
          crashes.push(`/${leaf.path} as ${who}: ${(err as Error).message}`);
          continue;
        }
        if (isCrash(reply)) crashes.push(`/${leaf.path} as ${who} with ${Object.keys(options).join(', ')}`);
      }
    }
  }
  t.log(`${runs} interactions`);
  t.deepEqual(crashes, []);
});

// The cases from the issue, each named: they answered "Something went wrong" before embeds were clipped.
test.serial('issue 12: a 300-character plugin name, a 5,000-character setting value and a 300-character report name are refused, not crashes', async (t) => {
  const plugin = await bot.as('alice').run('/plugins enable', { name: 'p'.repeat(300) });
  assertRefusal(t, plugin, 'NOT_FOUND');
  t.true(plugin.embeds[0]!.title!.length <= 256);
  const value = await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'v'.repeat(5000) });
  assertRefusal(t, value, 'INVALID_INPUT');
  const key = await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'k'.repeat(300), value: '1' });
  assertRefusal(t, key, 'NOT_FOUND');
  const report = await bot.as('alice').run('/analytics report run', { name: 'r'.repeat(300) });
  t.false(isCrash(report));
});

test.serial('issue 12: /settings names the real reason and holds minUnits <= maxUnits', async (t) => {
  const tooBig = await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'maxUnits', value: '5000' });
  assertRefusal(t, tooBig, 'INVALID_INPUT');
  t.regex(tooBig.embeds[0]!.description!, /Too big: expected number to be <=1000/);
  const crossed = await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'minUnits', value: '50' });
  assertRefusal(t, crossed, 'INVALID_INPUT');
  t.regex(crossed.embeds[0]!.description!, /minUnits must not be more than maxUnits/);
  t.like(await bot.app.settings.get(bot.guildId, 'betting'), { minUnits: 0.1, maxUnits: 10 });
});

test.serial('issue 12: control characters in any text option are refused at the door, naming the option', async (t) => {
  // A NUL ended the SQLite statement of /analytics chart, a BEL made its SVG invalid: both were "Something went wrong".
  const nul = await bot.as('carol').run('/analytics chart', { metric: 'bets', league: '\u0000' });
  assertRefusal(t, nul, 'INVALID_INPUT');
  t.regex(nul.embeds[0]!.description!, /`league` contains a control character \(U\+0000\)/);
  const bel = await bot.as('owner').run('/analytics chart', { metric: 'members', sport: '-0\u0007' });
  assertRefusal(t, bel, 'INVALID_INPUT');
  const fine = await bot.as('carol').run('/analytics chart', { metric: 'bets', league: 'Premier League 😀\nline two' });
  t.false(isCrash(fine));
  t.false(fine.embeds[0]?.footer?.text === 'Code: INVALID_INPUT');
});
