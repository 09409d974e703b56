import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { summary } from '../../../src/plugins/analytics/services/metrics.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { regradeBet } from '../../../src/plugins/betting/services/settlement.ts';
import { computeStats } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, seedGames } from '../betting/seed.ts';
import { waitForJobs } from './helpers.ts';

// Issue 12: an admin's regrade publishes bet.settled again; analytics recomputes the member-day, so its roll-ups
// follow the new grade (and never count the bet twice).

let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

test('a regraded bet moves the analytics roll-ups with it, counted once', async (t) => {
  const guildId = bot.guildId;
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'rg-1', home: 'Regrade FC', away: 'Rollup Town', h2h: [2.0, 3.4, 3.8] }]);
  const placed = await placeStraight(bettingCtx, { guildId, userId: bot.users.carol, interactionId: `66${Date.now()}`.slice(0, 19), gameId: ids['rg-1']!, market: 'h2h', selection: 'home', units: 2 });
  await sink(final('rg-1', 0, 1));
  await waitForJobs(bot.app);
  const before = await summary(ctx, { guildId, period: 'day' });
  t.like(before, { bets: 1, wins: 0, net: -2 });

  await regradeBet(bettingCtx, { guildId, betId: placed.bet.id, result: 'won', reason: 'score corrected', actorId: bot.users.alice, isManager: true });
  await waitForJobs(bot.app);
  const after = await summary(ctx, { guildId, period: 'day' });
  t.like(after, { bets: 1, wins: 1, net: 2 });
  const stats = await computeStats(bettingCtx, { guildId, period: 'day' });
  t.is(after.net, stats.net);
});
