import test from 'ava';
import { parse } from 'csv-parse/sync';
import analytics from '../../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../../src/plugins/analytics/services/context.ts';
import { refreshMany } from '../../../../src/plugins/analytics/services/rollups.ts';
import { DEFAULT_REPORT } from '../../../../src/plugins/analytics/services/reports.ts';
import { findReport, saveReport } from '../../../../src/plugins/analytics/services/saved-reports.ts';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { independentSummary, insertHistory, roundAway, sql, type HistoryRow } from '../helpers.ts';

const OTHER_GUILD = '900000000000000099';
let bot: TestBot;
let ctx: AnalyticsContext;
let rows: HistoryRow[];
let writeKey: string;
let readKey: string;
let reportId: number;
let otherReportId: number;
const now = Date.now();

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics, api], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  await bot.app.settings.setTier(OTHER_GUILD, 'platinum');
  rows = await insertHistory(ctx, { guildId: bot.guildId, users: [bot.users.alice, bot.users.bob], bets: 80, days: 90, now, seed: 41 });
  await refreshMany(ctx, bot.guildId, rows);
  await saveReport(ctx, { guildId: bot.guildId, name: 'monthly', createdBy: bot.users.alice, definition: { ...DEFAULT_REPORT, metrics: ['bets', 'net'], filter: { period: 'all' } } });
  await saveReport(ctx, { guildId: OTHER_GUILD, name: 'theirs', createdBy: '700000000000000001', definition: DEFAULT_REPORT });
  reportId = (await findReport(ctx, bot.guildId, 'monthly'))!.id;
  otherReportId = (await findReport(ctx, OTHER_GUILD, 'theirs'))!.id;
  writeKey = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.alice });
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read' });
});
test.after.always(() => bot?.close());

/** A POST whose answer may be a file: the raw bytes, not text. */
async function post(body: unknown, key = writeKey) {
  const res = await fetch(`http://127.0.0.1:${bot.app.port}/api/v1/analytics/exports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, disposition: res.headers.get('content-disposition') ?? '', data, problem: type.includes('json') ? (JSON.parse(data.toString('utf8')) as { code?: string; detail?: string }) : null };
}
const used = async (): Promise<number> => Number((await sql<{ used: unknown }>(bot.app, 'select used from analytics_export_usage where guild_id = ?', [bot.guildId]))[0]?.used ?? 0);

test.serial('a read-only key cannot export: exports spend the monthly allowance', async (t) => {
  const res = await post({ format: 'csv' }, readKey);
  t.is(res.status, 403);
  t.is(res.problem?.code, 'API_KEY_READ_ONLY');
  t.is(await used(), 0, 'nothing was taken from the allowance');
});

test.serial('POST /exports answers the CSV of the figures by a breakdown, as /analytics export makes it, and takes one export', async (t) => {
  const res = await post({ format: 'csv', period: 'all', dimension: 'sport' });
  t.is(res.status, 200, res.problem?.detail);
  t.regex(res.type, /^text\/csv/);
  t.regex(res.disposition, /^attachment; filename="?server-analytics-\d{4}-\d{2}-\d{2}\.csv"?$/);
  const records = parse(res.data, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  t.deepEqual(Object.keys(records[0]!), ['Sport', 'Bets', 'Wins', 'Losses', 'Pushes', 'Win rate', 'Risked', 'Net', 'ROI', 'CLV']);
  const soccer = records.find((r) => r.Sport === 'soccer')!;
  const want = independentSummary(rows.filter((r) => r.sport === 'soccer'));
  t.is(Number(soccer.Bets), want.bets);
  t.is(Number(soccer.Net), roundAway(want.net, 2));
  t.is(await used(), 1);
});

test.serial('POST /exports runs a saved report as Excel or PDF; another server’s report is 404 and takes nothing', async (t) => {
  const xlsx = await post({ format: 'xlsx', reportId });
  t.is(xlsx.status, 200, xlsx.problem?.detail);
  t.is(xlsx.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.regex(xlsx.disposition, /^attachment; filename="?monthly-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
  t.is(xlsx.data.subarray(0, 2).toString('latin1'), 'PK', 'a zip, as every .xlsx is');
  const pdf = await post({ format: 'pdf', reportId });
  t.is(pdf.status, 200);
  t.is(pdf.data.subarray(0, 5).toString('latin1'), '%PDF-');
  t.is(await used(), 3);

  const foreign = await post({ format: 'csv', reportId: otherReportId });
  t.is(foreign.status, 404);
  t.is(foreign.problem?.code, 'NOT_FOUND');
  const missing = await post({ format: 'csv', reportId: 987654 });
  t.is(missing.status, 404);
  t.is(await used(), 3, 'a refused export takes nothing');
});

test.serial('POST /exports refuses what it cannot do before taking anything', async (t) => {
  for (const body of [
    { format: 'docx' },
    {},
    { format: 'csv', reportId, sport: 'soccer' },
    { format: 'csv', reportId, period: 'all' },
    { format: 'csv', colour: 'blue' },
    { format: 'csv', capper: 'bob' },
  ]) {
    const res = await post(body);
    t.is(res.status, 400, JSON.stringify(body));
    t.is(res.problem?.code, 'INVALID_INPUT', JSON.stringify(body));
  }
  t.is(await used(), 3);
});

test.serial('the allowance is the one /analytics export uses: when it is spent the API is refused with when it renews', async (t) => {
  await ctx.settings.set(bot.guildId, 'exportsPerMonth', 4);
  try {
    t.is((await post({ format: 'csv' })).status, 200);
    const refused = await post({ format: 'csv' });
    t.is(refused.status, 429);
    t.is(refused.problem?.code, 'LIMIT_REACHED');
    t.regex(refused.problem?.detail ?? '', /used 4 of its 4 exports this month\. The allowance renews on \d{4}-\d{2}-01/);
    t.is(await used(), 4);
    const usage = await bot.as('alice').run('/analytics usage');
    t.regex(usage.embeds[0]!.description!, /^4 of 4 used\./);
  } finally {
    await ctx.settings.set(bot.guildId, 'exportsPerMonth', 50);
  }
});
