/**
 * Regression (issue 11): /insights re-implemented the daily loss limit with a UTC day and without the raise delay,
 * so it could suggest a stake that placement then refused (or hold one back that placement allowed). Suggestions
 * now use the limits betting enforces on placement: a rolling 24 hours, a raise in force only after its delay.
 */
import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { changeLimits } from '../../../src/plugins/betting/services/limits.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import ml from '../../../src/plugins/ml/index.ts';
import type { MlContext } from '../../../src/plugins/ml/services/context.ts';
import { memberInsights } from '../../../src/plugins/ml/services/member-insights.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { seedGames } from '../betting/seed.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let bot: TestBot;
let ctx: MlContext;
let bettingCtx: BettingContext;
let gameId: number;
let member: string;
let seq = 0;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml], tier: 'platinum' });
  ctx = bot.app.contextOf('ml') as unknown as MlContext;
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
  member = bot.users.carol;
  await ctx.users.set(member, { mlRecommendationsEnabled: true });
  // Kick-off in 3 days; the away price drifts far above what the model gives, so there is one clear value bet.
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'lim-1', home: 'Arsenal', away: 'Chelsea', h2h: [2.1, 3.4, 3.6], inMinutes: 3 * 24 * 60 }]);
  gameId = ids['lim-1']!;
  await sink({ type: 'odds', prices: [{ providerId: 'test:lim-1', market: 'h2h', selection: 'away', price: 9, at: new Date() }] });
});
test.after.always(() => bot?.close());

const place = (units: number, now: number) =>
  placeStraight(bettingCtx, { guildId: bot.guildId, userId: member, interactionId: `lim-${++seq}`, gameId, market: 'h2h', selection: 'away', units, now });

async function suggested(now: number): Promise<number[]> {
  const insights = await memberInsights(ctx, bot.guildId, member, now);
  return (insights.recommendations?.recommendations ?? []).map((r) => r.stake);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

test.serial('a stake placed before UTC midnight still counts: the rolling 24 hours, as placement counts it', async (t) => {
  const now = Date.now();
  const midnight = Math.floor(now / DAY) * DAY;
  // Inside the last 24 hours but on the previous UTC day (the old code's "today" left it out).
  const yesterday = Math.floor((midnight + (now - DAY)) / 2);
  await changeLimits(bettingCtx.em(), bot.guildId, member, { dailyUnits: 3 }, yesterday - HOUR);
  await place(2.5, yesterday);

  const inForce = await ctx.use('betting').limitsInForce(bot.guildId, member, now);
  t.is(inForce.daily?.staked, 2.5);
  t.is(inForce.daily?.left, 0.5);
  const stakes = await suggested(now);
  t.true(stakes.length > 0, 'the drifted away price is a value bet');
  t.is(sum(stakes), 0.5, 'suggestions fill exactly what placement leaves: 0.5 of 3 units (the old code suggested 2)');
  await t.throwsAsync(place(0.51, now), { name: 'Refusal', message: /past your daily limit of 3 units/ });
  await t.notThrowsAsync(place(0.5, now), 'placement accepts the suggested stake');
  t.is(sum(await suggested(now)), 0, 'the day is full: nothing more is suggested');
});

test.serial('a raise waits 24 hours for suggestions as it does for placement, then counts', async (t) => {
  const now = Date.now();
  const { delayed } = await changeLimits(bettingCtx.em(), bot.guildId, member, { dailyUnits: 20 }, now);
  t.deepEqual(delayed, ['daily']);
  const waiting = await ctx.use('betting').limitsInForce(bot.guildId, member, now);
  t.is(waiting.daily?.limit, 3);
  t.deepEqual(waiting.pending, { daily: 20, from: now + DAY });
  t.is(sum(await suggested(now)), 0, 'the raise is not in force: the 3-unit day is still full');
  await t.throwsAsync(place(0.01, now), { name: 'Refusal' });

  // A day and an hour later the raise is in force; 2.9 units placed since then (and since UTC midnight, so the old
  // code counted them too) fit 20 but not the old 3.
  const later = now + DAY + HOUR;
  const sinceMidnight = later - Math.floor(later / DAY) * DAY;
  await place(2.9, later - Math.floor(Math.min(HOUR, sinceMidnight) / 2));
  const inForce = await ctx.use('betting').limitsInForce(bot.guildId, member, later);
  t.is(inForce.daily?.limit, 20);
  t.is(inForce.pending, null);
  const stakes = await suggested(later);
  t.is(sum(stakes), 2, 'the value bet gets its full 2-unit stake (2% of a 100-unit bankroll); the old code held it to 0.1');
  await t.notThrowsAsync(place(2, later), 'placement accepts it');
});
