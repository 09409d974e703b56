import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { describeNextOpening, runningFeeds } from '../../../../src/plugins/betting/feeds/running.ts';
import type { FeedProvider } from '../../../../src/plugins/betting/feeds/provider.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { assertRefusal } from '../../../helpers/refusal.ts';

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'free' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

test.serial('issue 12: with no game open, the game autocomplete and the refusal say when the next game opens', async (t) => {
  const opens = new Date(Date.now() + 4 * 60_000);
  const feed: FeedProvider = { name: 'fake', start: async () => undefined, stop: async () => undefined, nextGameAt: () => opens };
  runningFeeds.set(ctx, feed);
  t.teardown(() => runningFeeds.delete(ctx));

  const choices = await bot.as('carol').autocomplete('/bet place', 'game', { game: '' });
  t.is(choices.length, 1);
  t.regex(choices[0]!.name, new RegExp(`^No game is open for bets right now\\. The next game opens at ${opens.toISOString().slice(11, 16)} UTC \\(in about 4 minutes\\)`));

  // Picking that one choice, or typing anyway, is refused on the game option with the next opening.
  const picked = await bot.as('carol').run('/bet place', { game: String(choices[0]!.value), selection: 'home', units: 1 });
  assertRefusal(t, picked, 'GAME_NOT_FOUND');
  t.regex(JSON.stringify(picked.embeds), /No game is open for bets right now/);
  t.regex(JSON.stringify(picked.embeds), /The next game opens at \d\d:\d\d UTC/);
  const typed = await bot.as('carol').run('/bet place', { game: 'arsenal', selection: 'home', units: 1 });
  assertRefusal(t, typed, 'GAME_NOT_FOUND');
  t.regex(JSON.stringify(typed.embeds), /In the game option, pick the game from the list/);
});

test('without a feed that knows, the opening is described plainly', (t) => {
  t.regex(describeNextOpening(null), /No game is scheduled yet/);
  t.is(describeNextOpening(new Date('2030-01-01T10:01:00Z'), Date.parse('2030-01-01T10:00:00Z')), 'The next game opens at 10:01 UTC (in about 1 minute).');
});
