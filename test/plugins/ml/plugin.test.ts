import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import ml from '../../../src/plugins/ml/index.ts';
import type { MlContext } from '../../../src/plugins/ml/services/context.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import { waitForJobs } from '../analytics/helpers.ts';
import { final, seedGames } from '../betting/seed.ts';

let bot: TestBot;
let ctx: MlContext;
let bettingCtx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml], tier: 'platinum' });
  ctx = bot.app.contextOf('ml') as unknown as MlContext;
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
});
test.after.always(() => bot?.close());

const rows = async (sql: string, params: unknown[] = []) => (await ctx.em().getConnection().execute(sql, params)) as Record<string, unknown>[];

test.serial('/predict game shows the model beside the market, stores what was shown, and scores it when the game is final', async (t) => {
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'ml-1', home: 'Arsenal', away: 'Chelsea', h2h: [2.1, 3.4, 3.6], inMinutes: 120 }]);
  const choices = await bot.as('carol').autocomplete('/predict game', 'game', { game: 'Arse' });
  t.true(choices.some((c) => c.value === String(ids['ml-1'])));
  const reply = await bot.as('carol').run('/predict game', { game: String(ids['ml-1']) });
  const text = reply.embeds[0]!.description!;
  t.regex(reply.embeds[0]!.title!, /Arsenal v Chelsea/);
  const probs = [...text.matchAll(/model (\d+\.\d)%/g)].map((m) => Number(m[1]));
  t.is(probs.length, 3);
  t.true(Math.abs(probs.reduce((a, b) => a + b, 0) - 100) < 0.3, 'probabilities sum to 100%');
  t.regex(text, /market at open 45\.4%/, 'the de-margined opening price of 2.10 among 2.10/3.40/3.60');
  t.regex(text, /Expected move from open to close: Arsenal [+−]\d+\.\d pts/);

  const stored = await rows('select * from ml_predictions where game_id = ?', [ids['ml-1']]);
  t.is(stored.length, 1);
  t.is(stored[0]!.user_id, bot.users.carol);
  t.is(stored[0]!.actual_result, null);

  await sink(final('ml-1', 0, 1));
  await waitForJobs(bot.app);
  const [scored] = await rows('select prediction_data, actual_result, accuracy_score from ml_predictions where game_id = ?', [ids['ml-1']]);
  const data = JSON.parse(String(typeof scored!.prediction_data === 'string' ? scored!.prediction_data : JSON.stringify(scored!.prediction_data))) as { model: Record<string, number> };
  const actual = typeof scored!.actual_result === 'string' ? JSON.parse(scored!.actual_result) : scored!.actual_result;
  t.deepEqual(actual, { outcome: 'away', home: 0, away: 1 });
  const top = (['home', 'draw', 'away'] as const).reduce((a, b) => (data.model[b]! > data.model[a]! ? b : a));
  t.is(Number(scored!.accuracy_score), top === 'away' ? 1 : 0);

  const acc = await bot.as('carol').run('/ml accuracy');
  t.regex(acc.embeds[0]!.title!, /1 finished game/);
  const field = (name: string) => acc.embeds[0]!.fields!.find((f) => f.name.startsWith(name))!.value;
  t.is(field('Model log-loss'), (-Math.log(data.model.away!)).toFixed(4));
});

test.serial('/predict refuses clearly and privately, in the shared refusal shape: a started game, a game that does not exist', async (t) => {
  const { ids } = await seedGames(bettingCtx, [{ key: 'ml-past', home: 'Everton', away: 'Fulham', inMinutes: -5 }]);
  const started = await bot.as('carol').run('/predict game', { game: String(ids['ml-past']) });
  assertRefusal(t, started, 'PREDICTION_CLOSED');
  t.regex(started.embeds[0]!.description!, /started or finished/);
  const missing = await bot.as('carol').run('/predict game', { game: '999999' });
  assertRefusal(t, missing, 'NOT_FOUND');
  t.regex(missing.embeds[0]!.description!, /no game #999999/);
  const bad = await bot.as('carol').run('/predict game', { game: 'arsenal' });
  assertRefusal(t, bad, 'INVALID_INPUT');
  t.regex(bad.embeds[0]!.description!, /Pick a game/);
  t.is((await rows('select count(*) as n from ml_predictions where game_id = ?', [ids['ml-past']]))[0]!.n as number | string, (await rows('select 0 as n'))[0]!.n as number | string);
});

test.serial('/value lists value bets (or says there are none) and stores every prediction it used', async (t) => {
  await seedGames(bettingCtx, [{ key: 'ml-v', home: 'Liverpool', away: 'Brentford', h2h: [1.5, 4.5, 7.0], inMinutes: 200 }]);
  const before = Number((await rows('select count(*) as n from ml_predictions'))[0]!.n);
  const reply = await bot.as('bob').run('/value');
  t.true(reply.ephemeral);
  t.regex(reply.embeds[0]!.title!, /value bet|No value bets/);
  t.true(Number((await rows('select count(*) as n from ml_predictions'))[0]!.n) > before);
});

test.serial('/insights: own record always; suggestions only after opting in, and none during a break', async (t) => {
  const off = await bot.as('carol').run('/insights');
  t.true(off.ephemeral);
  t.regex(off.embeds[0]!.description!, /Personal suggestions are off/);
  await bot.as('carol').run('/preferences set', { ml_recommendations: true });
  const on = await bot.as('carol').run('/insights');
  t.regex(on.embeds[0]!.description!, /Suggestions/);
  await ctx.em().getConnection().execute('insert into betting_member_limits (guild_id, user_id, cooling_off_until, self_excluded, updated_at) values (?, ?, ?, ?, ?)', [bot.guildId, bot.users.carol, Date.now() + 86_400_000, false, Date.now()]);
  const resting = await bot.as('carol').run('/insights');
  t.regex(resting.embeds[0]!.description!, /taking a break/);
});

test.serial('/ml community: a bet placed after kick-off is flagged for the admins; members cannot see it', async (t) => {
  const now = Date.now();
  const { ids } = await seedGames(bettingCtx, [{ key: 'ml-late', home: 'Wolves', away: 'Burnley', inMinutes: -60 }]);
  await ctx.em().getConnection().execute(
    "insert into betting_bets (guild_id, user_id, type, game_id, market, selection, `decimal`, american, units, status, placed_at, interaction_id) values (?, ?, 'game_line', ?, 'h2h', 'home', 2.0, 100, 1, 'pending', ?, 'late-bet-1')",
    [bot.guildId, bot.users.bob, ids['ml-late'], now - 20 * 60_000],
  );
  const member = await bot.as('carol').run('/ml community');
  assertRefusal(t, member, 'NOT_ALLOWED');
  t.regex(member.embeds[0]!.description!, /for admins/);
  const reply = await bot.as('alice').run('/ml community');
  t.true(reply.ephemeral);
  const worth = reply.embeds[0]!.fields!.find((f) => f.name === 'Worth a look')!.value;
  t.regex(worth, new RegExp(`<@${bot.users.bob}> bet #\\d+: placed 40 min after kick-off`));
  const forecast = reply.embeds[0]!.fields!.find((f) => f.name.startsWith('Bets expected per day'))!.value.split(' · ');
  t.is(forecast.length, 7);
});
