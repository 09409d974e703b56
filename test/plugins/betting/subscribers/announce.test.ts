import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { postResults, refreshSlips } from '../../../../src/plugins/betting/services/announce.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { final, kickoff, seedGames } from '../seed.ts';

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'free' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

/** Waits (bounded) until the condition holds; the announcements are delivered by the durable event worker. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const field = (embed: { fields?: { name: string; value: string }[] } | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;

test.serial('issue 12: a settled game is posted once in #results, and its slips (reply and #bets copy) show the result', async (t) => {
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'resultsChannel', value: bot.channels.results });
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'slipsChannel', value: bot.channels.bets });
  const { ids, sink } = await seedGames(ctx, [{ key: 'ann-1', home: 'Arsenal', away: 'Chelsea', h2h: [1.91, 3.6, 4.2] }]);

  // Placed in #general: the reply is the slip there, and a copy goes to #bets.
  const reply = await bot.as('carol').run('/bet place', { game: String(ids['ann-1']), selection: 'h2h:home:0', units: 2 }, { channelId: bot.channels.general });
  t.is(field(reply.embeds[0], 'Status'), 'pending');
  await eventually(() => bot.messages(bot.channels.bets).length === 1, 'the slip is copied to #bets');

  await sink(kickoff('ann-1'));
  await sink(final('ann-1', 2, 1));
  await eventually(() => bot.messages(bot.channels.results).length === 1, 'the result is posted in #results');
  await eventually(() => field(bot.emulator.message(reply.messageId!)?.embeds[0], 'Status') === 'won', 'the reply slip is edited');

  const [results] = bot.messages(bot.channels.results);
  t.is(results!.embeds[0]!.title, 'Full time: Arsenal 2–1 Chelsea');
  t.regex(results!.embeds[0]!.description!, new RegExp(`<@${bot.users.carol}> · Arsenal @ .* · \\*\\*won\\*\\* \\+1\\.82u`));
  const slip = bot.emulator.message(reply.messageId!)!;
  t.regex(field(slip.embeds[0], 'Result')!, /^won \+1\.82u$/);
  t.deepEqual(slip.components, [], 'tail and fade are gone once settled');
  await eventually(() => field(bot.messages(bot.channels.bets)[0]?.embeds[0], 'Status') === 'won', 'the #bets copy is edited');

  // A redelivered game.final / bet.settled edits again and never posts twice.
  t.is(await postResults(ctx, ids['ann-1']!), 0);
  t.is(await refreshSlips(ctx, Number(/#(\d+)/.exec(slip.embeds[0]!.title!)![1])), 2);
  t.is(bot.messages(bot.channels.results).length, 1);
  t.is(bot.messages(bot.channels.bets).length, 1);
});

test.serial('without a results channel nothing is posted; a slip placed in the slips channel is not copied', async (t) => {
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'resultsChannel', value: 'null' });
  const before = bot.messages(bot.channels.results).length;
  const { ids, sink } = await seedGames(ctx, [{ key: 'ann-2', home: 'Everton', away: 'Fulham', h2h: [2.5, 3.2, 2.9] }]);
  const betsBefore = bot.messages(bot.channels.bets).length;
  const reply = await bot.as('bob').run('/bet place', { game: String(ids['ann-2']), selection: 'h2h:away:0', units: 1 }, { channelId: bot.channels.bets });
  t.is(bot.messages(bot.channels.bets).length, betsBefore + 1, 'only the reply itself');
  await sink(kickoff('ann-2'));
  await sink(final('ann-2', 1, 0));
  await eventually(() => field(bot.emulator.message(reply.messageId!)?.embeds[0], 'Status') === 'lost', 'the slip is edited');
  t.is(bot.messages(bot.channels.results).length, before);
});
