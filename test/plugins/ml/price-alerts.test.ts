import test from 'ava';
import type { EventMeta, NotificationRequest } from '../../../src/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import ml from '../../../src/plugins/ml/index.ts';
import type { MlContext } from '../../../src/plugins/ml/services/context.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { waitForJobs } from '../analytics/helpers.ts';
import { seedGames } from '../betting/seed.ts';

let bot: TestBot;
let ctx: MlContext;
let bettingCtx: BettingContext;
const requested: { payload: NotificationRequest; meta: EventMeta }[] = [];

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml], tier: 'platinum' });
  ctx = bot.app.contextOf('ml') as unknown as MlContext;
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
  ctx.events.subscribe('notification.requested', (payload, meta) => {
    requested.push({ payload, meta });
  });
});
test.after.always(() => bot?.close());

// Wolves v Liverpool as the replay season (src/plugins/betting/data, 2022-23) priced it just before kick-off: from
// the shipped ratings the movement model expects Wolves' probability to fall by about 3.3 points, above its 3-point
// threshold. Most books of that season raise no alert (the model flagged 16 of 2,785 validation games).
const ALERTING = { key: 'pa-wol-liv', home: 'Wolves', away: 'Liverpool', h2h: [3.94, 3.74, 1.92] as [number, number, number], inMinutes: 180 };
const QUIET = { key: 'pa-ars-che', home: 'Arsenal', away: 'Chelsea', h2h: [2.1, 3.4, 3.6] as [number, number, number], inMinutes: 180 };

const place = async (user: 'carol' | 'bob', gameId: number) => {
  const reply = await bot.as(user).run('/bet place', { game: String(gameId), selection: 'away', units: 1 });
  if (!/^Bet #\d+ · /.test(reply.embeds[0]?.title ?? '')) throw new Error(JSON.stringify(reply.embeds));
  await waitForJobs(bot.app);
};

test.serial('a bet on a game the model expects a large move on tells a member with recommendations on, once, and nobody else', async (t) => {
  const { ids } = await seedGames(bettingCtx, [ALERTING, QUIET]);
  const gameId = ids[ALERTING.key]!;

  // /predict shows the same alert, from the same prediction and threshold.
  const shown = await bot.as('carol').run('/predict game', { game: String(gameId) });
  t.regex(shown.embeds[0]!.description!, /\*\*Price alert:\*\* a large move is expected on Wolves \(more than 3 points of probability\)\./);

  await bot.as('carol').run('/preferences set', { ml_recommendations: true });
  requested.length = 0;
  await place('carol', gameId);
  t.is(requested.length, 1, 'exactly one notification request');
  const { payload, meta } = requested[0]!;
  t.is(meta.guildId, bot.guildId);
  t.like(payload, {
    guildId: bot.guildId,
    to: { userIds: [bot.users.carol] },
    type: 'odds_alert',
    key: `ml-move:${gameId}`,
    digestKey: `game:${gameId}:h2h`,
    title: 'Price alert: Wolves v Liverpool',
    data: { gameId, source: 'ml' },
  });
  t.is(payload.url, undefined);
  t.is(payload.critical, undefined);
  t.regex(payload.body, /the price of Wolves to lengthen by about 3\.\d points of probability/);
  t.regex(payload.body, /the model's expectation, not a certainty/);
  t.notRegex(payload.body, /Liverpool to|the draw to/, 'only the selections the model flags');

  // Recommendations off (the default): no request, on the same game.
  requested.length = 0;
  t.false((await ctx.users.get(bot.users.bob)).mlRecommendationsEnabled);
  await place('bob', gameId);
  t.is(requested.length, 0);

  // A game without an expected large move: nothing, even with recommendations on.
  await place('carol', ids[QUIET.key]!);
  t.is(requested.length, 0);
});
