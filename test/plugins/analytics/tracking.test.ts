import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { byCapper, summary } from '../../../src/plugins/analytics/services/metrics.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { computeStats } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, seedGames } from '../betting/seed.ts';
import { countRows, eventually, sql, waitForJobs } from './helpers.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
});
test.after.always(() => bot?.close());

let seq = 0;
const iid = (): string => `88${Date.now()}${++seq}`.slice(0, 19);
const tracked = (userId: string) => countRows(bot.app, 'user_analytics', 'user_id = ?', [userId]);

test.serial('without consent nothing about a member is tracked; with it, bet events are recorded and announced; roll-ups count everyone', async (t) => {
  const off = await bot.as('carol').run('/preferences set', { analytics: false });
  t.true(off.ephemeral);
  t.is(off.embeds[0]!.title, 'Preferences saved');
  t.regex(off.embeds[0]!.description!, /\*\*Analytics: off\*\*/);
  t.false((await bot.app.users.get(bot.users.carol)).analyticsConsent);

  const { ids, sink } = await seedGames(bettingCtx, [
    { key: 'tr-1', home: 'Arsenal', away: 'Chelsea', h2h: [2.0, 3.4, 3.8] },
    { key: 'tr-2', home: 'Everton', away: 'Fulham', h2h: [2.5, 3.2, 2.9] },
  ]);
  await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.carol, interactionId: iid(), gameId: ids['tr-1']!, market: 'h2h', selection: 'home', odds: '2.0', units: 2 });
  await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.carol, interactionId: iid(), gameId: ids['tr-2']!, market: 'h2h', selection: 'away', odds: '2.9', units: 1 });
  await sink(final('tr-1', 2, 0));
  await waitForJobs(bot.app);
  t.is(await tracked(bot.users.carol), 0, 'no activity rows for carol');
  t.is(await countRows(bot.app, 'betting_patterns', 'user_id = ?', [bot.users.carol]), 0);
  const patterns = await bot.as('carol').run('/analytics patterns');
  t.true(patterns.ephemeral);
  t.is(patterns.embeds[0]!.title, 'Analytics is off for you');

  const on = await bot.as('bob').run('/preferences set', { analytics: true });
  t.regex(on.embeds[0]!.description!, /\*\*Analytics: on\*\*/);
  const announced = bot.events.next('user.activity');
  const bet = await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.bob, interactionId: iid(), gameId: ids['tr-2']!, market: 'h2h', selection: 'home', odds: '2.5', units: 1.5 });
  await waitForJobs(bot.app);
  const event = await announced;
  t.deepEqual(event.payload, { guildId: bot.guildId, userId: bot.users.bob, activity: 'bet.placed' });
  const settledAnnounced = bot.events.next('user.activity');
  await sink(final('tr-2', 0, 1));
  await waitForJobs(bot.app);
  t.like((await settledAnnounced).payload, { userId: bot.users.bob, activity: 'bet.settled' });

  const rows = await sql<{ event_type: string; event_data: unknown; guild_id: string }>(bot.app, 'select event_type, event_data, guild_id from user_analytics where user_id = ? order by id', [bot.users.bob]);
  t.deepEqual(
    rows.map((r) => r.event_type),
    ['bet.placed', 'bet.settled'],
  );
  t.true(rows.every((r) => r.guild_id === bot.guildId));
  const data = rows.map((r) => (typeof r.event_data === 'string' ? JSON.parse(r.event_data) : r.event_data) as Record<string, unknown>);
  const betId = bet.bet.id;
  t.like(data[0], { betId, units: 1.5, type: 'game_line' });
  t.like(data[1], { betId, result: 'lost', net: -1.5 });
  t.is(await tracked(bot.users.carol), 0, 'still nothing for carol');

  // The roll-ups are the server's betting records, as /stats shows them: both members count.
  const s = await summary(ctx, { guildId: bot.guildId, period: 'day' });
  const stats = await computeStats(bettingCtx, { guildId: bot.guildId, period: 'day' });
  t.is(s.bets, 3);
  t.is(s.net, 2.4, 'carol +2 and +1.9, bob −1.5');
  for (const key of ['bets', 'wins', 'losses', 'risked', 'net'] as const) t.is(s[key], stats[key], key);
  const cappers = await byCapper(ctx, { guildId: bot.guildId, period: 'day' });
  t.deepEqual(
    cappers.map((c) => [c.userId, c.bets, c.net]).sort(),
    [
      [bot.users.bob, 1, -1.5],
      [bot.users.carol, 2, 3.9],
    ].sort(),
  );
});

test.serial('a redelivered bet event (the same durable event again) is tracked once', async (t) => {
  // Durable events are delivered at least once, always with the same id (a retry after another subscriber failed,
  // or after a worker died); what a subscriber records must not double.
  await bot.as('bob').run('/preferences set', { analytics: true });
  const { ids } = await seedGames(bettingCtx, [{ key: 'tr-3', home: 'Leeds', away: 'Burnley' }]);
  const delivered = bot.events.next('bet.placed');
  const placed = await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.bob, interactionId: iid(), gameId: ids['tr-3']!, market: 'h2h', selection: 'home', odds: '2.1', units: 1 });
  await waitForJobs(bot.app);
  const first = await delivered;
  t.is(first.payload.betId, placed.bet.id);
  const forBet = async () =>
    (await sql<{ event_type: string; event_data: unknown }>(bot.app, 'select event_type, event_data from user_analytics where user_id = ? order by id', [bot.users.bob])).filter(
      (r) => (typeof r.event_data === 'string' ? JSON.parse(r.event_data) : r.event_data)?.betId === placed.bet.id,
    );
  t.is((await forBet()).length, 1);
  // The delivery again, as the durable-event job does it on a retry.
  await bot.app.bus.publish('bet.placed', first.payload, { id: first.meta.id, rethrow: true });
  await waitForJobs(bot.app);
  t.deepEqual(
    (await forBet()).map((r) => r.event_type),
    ['bet.placed'],
  );
});

test.serial('withdrawing consent deletes what was recorded about the member; their bets stay', async (t) => {
  await bot.as('bob').run('/preferences set', { analytics: true });
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'forget-1', home: 'Leeds', away: 'Spurs', h2h: [2.4, 3.3, 2.9] }]);
  await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.bob, interactionId: iid(), gameId: ids['forget-1']!, market: 'h2h', selection: 'home', odds: '2.4', units: 1 });
  await sink(final('forget-1', 1, 1));
  await waitForJobs(bot.app);
  t.true((await tracked(bot.users.bob)) > 0);
  const bets = await countRows(bot.app, 'betting_bets', 'user_id = ?', [bot.users.bob]);
  const off = await bot.as('bob').run('/preferences set', { analytics: false });
  t.regex(off.embeds[0]!.description!, /Turning it off deletes what was recorded/);
  await eventually(async () => ((await tracked(bot.users.bob)) === 0 ? true : undefined), 'user_analytics emptied for bob');
  t.is(await countRows(bot.app, 'betting_patterns', 'user_id = ?', [bot.users.bob]), 0);
  t.is(await countRows(bot.app, 'betting_bets', 'user_id = ?', [bot.users.bob]), bets);
  void sql;
});
