import test from 'ava';
import { parse } from 'csv-parse/sync';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { refreshMany } from '../../../src/plugins/analytics/services/rollups.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { periodStart } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import type { InteractionResult } from '../../../src/emulator/index.ts';
import { countRows, download, eventually, independentSummary, insertHistory, roundAway, sql, type HistoryRow } from './helpers.ts';
import { assertRefusal } from '../../helpers/refusal.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
let rows: HistoryRow[];
const now = Date.now();

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  const users = [bot.users.alice, bot.users.bob, bot.users.carol];
  // A long history, and a recent one so this month is never empty (even on the 1st).
  rows = [
    ...(await insertHistory(ctx, { guildId: bot.guildId, users, bets: 150, days: 200, now, seed: 21 })),
    ...(await insertHistory(ctx, { guildId: bot.guildId, users, bets: 40, days: 0.2, now, seed: 22 })),
  ];
  await refreshMany(ctx, bot.guildId, rows);
});
test.after.always(() => bot?.close());

const nameOf = (userId: string): string => Object.entries(bot.users).find(([, id]) => id === userId)![0];
const reports = () => countRows(bot.app, 'analytics_reports', 'guild_id = ?', [bot.guildId]);

async function finishedExport(reply: InteractionResult) {
  return eventually(() => {
    const m = bot.emulator.message(reply.messageId!);
    return m && m.attachments.length > 0 && m.embeds[0]?.title?.startsWith('Export ready') ? m : undefined;
  }, 'the export file');
}

test.serial('save, list, run and delete a report', async (t) => {
  const saved = await bot.as('alice').run('/analytics report save', { name: 'monthly', metrics: 'bets,net,roi', by: 'capper', period: 'month' });
  t.true(saved.ephemeral);
  t.is(saved.embeds[0]!.title, 'Report "monthly" saved');
  t.regex(saved.embeds[0]!.description!, /\/analytics report run name:monthly/);
  const stored = await sql<{ definition: unknown; created_by: string }>(bot.app, 'select definition, created_by from analytics_reports where guild_id = ? and name = ?', [bot.guildId, 'monthly']);
  t.is(stored.length, 1);
  t.is(stored[0]!.created_by, bot.users.alice);
  const def = typeof stored[0]!.definition === 'string' ? JSON.parse(stored[0]!.definition) : stored[0]!.definition;
  t.deepEqual(def, { metrics: ['bets', 'net', 'roi'], dimension: 'capper', filter: { period: 'month' } });

  await bot.as('alice').run('/analytics report save', { name: 'by sport', metrics: 'bets, wins ,net', by: 'sport', period: 'all' });
  const list = await bot.as('alice').run('/analytics report list');
  t.true(list.ephemeral);
  t.is(list.embeds[0]!.title, 'Saved reports');
  t.is(list.embeds[0]!.description, '**by sport**: bets, wins, net by sport, all\n**monthly**: bets, net, roi by capper, month');

  const run = await finishedExport(await bot.as('alice').run('/analytics report run', { name: 'monthly', format: 'csv' }));
  t.is(run.embeds[0]!.title, 'Export ready: monthly');
  t.regex(run.attachments[0]!.filename, /^monthly-\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parse(await download(run.attachments[0]!.url), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const thisMonth = rows.filter((r) => r.settledAt >= periodStart('month', Date.now()));
  const active = [...new Set(thisMonth.map((r) => r.userId))];
  t.true(active.length > 0);
  t.is(records.length, active.length);
  t.deepEqual(Object.keys(records[0]!), ['Capper', 'Bets', 'Net', 'ROI']);
  for (const userId of active) {
    const r = records.find((x) => x.Capper === nameOf(userId));
    if (!r) {
      t.fail(`no row for ${nameOf(userId)}`);
      continue;
    }
    const want = independentSummary(thisMonth.filter((x) => x.userId === userId));
    t.is(Number(r.Bets), want.bets);
    t.is(Number(r.Net), roundAway(want.net, 2));
    t.is(r.ROI === '' ? null : Number(r.ROI), want.roi === null ? null : roundAway(want.roi, 4));
  }

  // Saving under the same name replaces the definition.
  const again = await bot.as('alice').run('/analytics report save', { name: 'monthly', metrics: 'net', period: 'month' });
  t.is(again.embeds[0]!.title, 'Report "monthly" updated');
  t.is(await reports(), 2);

  const deleted = await bot.as('alice').run('/analytics report delete', { name: 'monthly' });
  t.is(deleted.embeds[0]!.title, 'Report "monthly" deleted');
  t.is(await reports(), 1);
  const gone = await bot.as('alice').run('/analytics report run', { name: 'monthly', format: 'csv' });
  t.is(gone.embeds[0]!.title, 'No report called "monthly"');
  t.is(gone.attachments.length, 0);
  const after = await bot.as('alice').run('/analytics report list');
  t.is(after.embeds[0]!.description, '**by sport**: bets, wins, net by sport, all');
});

test.serial('a report with an unknown metric or a bad name is not saved, and the error names the allowed metrics', async (t) => {
  const before = await reports();
  const bad = await bot.as('alice').run('/analytics report save', { name: 'weekly', metrics: 'bets,foo', period: 'week' });
  t.true(bad.ephemeral);
  t.is(bad.embeds[0]!.title, 'Report not saved');
  t.regex(bad.embeds[0]!.description!, /^metrics\.1: /m, 'points at the unknown metric');
  // The shared refusal shape (issue 11): the hint is the refusal's next step, then "Nothing was changed."
  assertRefusal(t, bad, 'INVALID_INPUT');
  t.true(bad.embeds[0]!.description!.includes('**What to do:** Metrics are any of: bets, wins, losses, pushes, voids, winRate, risked, net, roi, clv, members.'));
  const badName = await bot.as('alice').run('/analytics report save', { name: 'a/b', metrics: 'bets' });
  t.is(badName.embeds[0]!.title, 'Report not saved');
  t.regex(badName.embeds[0]!.description!, /name: use letters, digits, spaces, dots, dashes/);
  t.is(await reports(), before);
  t.is(await countRows(bot.app, 'analytics_reports', 'name in (?, ?)', ['weekly', 'a/b']), 0);
  const carol = await bot.as('carol').run('/analytics report save', { name: 'mine', metrics: 'bets' });
  t.is(carol.embeds[0]!.title, 'Admins only');
  assertRefusal(t, carol, 'NOT_ALLOWED');
  t.is(await reports(), before);
});
