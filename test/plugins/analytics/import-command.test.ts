import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { summary } from '../../../src/plugins/analytics/services/metrics.ts';
import { ensureRollups } from '../../../src/plugins/analytics/services/rollups.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { waitForJobs } from './helpers.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
});
test.after.always(() => bot?.close());

const CSV = [
  'Date,Settled,Odds,Stake,Result,Type,Sport,Pick',
  '2026-03-01 18:00,2026-03-01 20:00,+150,2,won,straight,soccer,Arsenal ML',
  '2026-03-02 18:00,2026-03-02 20:00,-110,1.1,lost,straight,soccer,Chelsea ML',
  '2026-03-03 18:00,2026-03-03 20:00,2.0,1,push,straight,soccer,Spurs AH 0',
  '2026-03-04 18:00,2026-03-04 20:00,abc,1,won,straight,soccer,Bad odds',
  '2026-03-05 18:00,,2.5,1,pending,straight,soccer,Still open',
].join('\n');

test.serial('/bet import: a dry run shows what would come in and every refused row, writes nothing; then the import reaches /stats and analytics', async (t) => {
  await ensureRollups(ctx, bot.guildId);
  const count = async () => Number(((await ctx.em().getConnection().execute('select count(*) as n from betting_bets where guild_id = ?', [bot.guildId])) as { n: unknown }[])[0]!.n);
  const before = await count();
  const file = { filename: 'history.csv', content: CSV, contentType: 'text/csv' };
  const preview = await bot.as('carol').run('/bet import', { file });
  t.true(preview.ephemeral);
  const text = preview.embeds[0]!.description!;
  t.regex(text, /\*\*3\*\* bets would be imported \(net \+1\.90u\)/);
  t.regex(text, /2 rows refused/);
  t.regex(text, /Line 5: .*odds/i);
  t.regex(text, /Line 6: .*settled/i);
  t.regex(text, /Nothing was written/);
  t.is(await count(), before);

  const done = await bot.as('carol').run('/bet import', { file, dry_run: false });
  t.regex(done.embeds[0]!.description!, /\*\*3\*\* bets imported/);
  t.is(await count(), before + 3);
  await waitForJobs(bot.app);
  const s = await summary(ctx, { guildId: bot.guildId, period: 'all', capper: bot.users.carol });
  t.is(s.bets, 3);
  t.is(s.net, 1.9);
  const stats = await bot.as('carol').run('/stats', { period: 'all' });
  t.regex(JSON.stringify(stats.embeds), /1-1-1/);

  const again = await bot.as('carol').run('/bet import', { file, dry_run: false });
  t.regex(again.embeds[0]!.description!, /3 were already imported/);
  t.is(await count(), before + 3);
});
