import test from 'ava';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { refreshMany } from '../../../src/plugins/analytics/services/rollups.ts';
import { claimExport, monthKey } from '../../../src/plugins/analytics/services/export-usage.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { computeStats } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import type { EmulatedMessage, InteractionResult } from '../../../src/emulator/index.ts';
import {
  PNG_SIGNATURE,
  download,
  eventually,
  exportInt,
  exportPercent,
  exportUnits,
  independentSummary,
  insertHistory,
  roundAway,
  slipSignedUnits,
  sql,
  type HistoryRow,
} from './helpers.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
let rows: HistoryRow[];
/** Members with history: the three demo people and one who left the server (shown by id). */
let cappers: string[];
const GONE = '1200000000000000009';

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  cappers = [bot.users.alice, bot.users.bob, bot.users.carol, GONE];
  rows = await insertHistory(ctx, { guildId: bot.guildId, users: cappers, bets: 240, days: 300, now: Date.now(), seed: 11 });
  await refreshMany(ctx, bot.guildId, rows);
});
test.after.always(() => bot?.close());

/** How an export names a capper: the member's display name, or "member <id>" for someone the bot cannot see. */
const nameOf = (userId: string): string => {
  const demo = Object.entries(bot.users).find(([, id]) => id === userId);
  return demo ? demo[0] : `member ${userId}`;
};

/** An export's deferred reply is completed by its first (progress) edit; the file arrives with a later edit. */
async function finishedExport(reply: InteractionResult): Promise<EmulatedMessage> {
  if (!reply.messageId) throw new Error(`no message: ${JSON.stringify(reply.embeds)}`);
  return eventually(() => {
    const m = bot.emulator.message(reply.messageId!);
    return m && m.attachments.length > 0 && m.embeds[0]?.title?.startsWith('Export ready') ? m : undefined;
  }, 'the export file');
}

const usageRow = async (): Promise<number | undefined> => {
  const r = await sql<{ used: unknown }>(bot.app, 'select used from analytics_export_usage where guild_id = ? and month = ?', [bot.guildId, monthKey(Date.now())]);
  return r[0] ? Number(r[0].used) : undefined;
};

test.serial('/analytics chart: a PNG and the period totals, equal to an independent computation', async (t) => {
  const reply = await bot.as('alice').run('/analytics chart', { metric: 'net', period: 'all' });
  t.false(reply.ephemeral);
  t.is(reply.attachments.length, 1);
  const png = await download(reply.attachments[0]!.url);
  t.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  t.true(png.length > 1000);
  const embed = reply.embeds[0]!;
  t.is(embed.image?.url?.endsWith('chart.png'), true);
  const fields = Object.fromEntries(embed.fields!.map((f) => [f.name, f.value]));
  const want = independentSummary(rows);
  t.is(fields.Net, slipSignedUnits(want.net));
  t.is(fields.Bets, String(want.bets));
  t.is(fields.Record, `${want.wins}-${want.losses}-${want.pushes}`);
  t.is(fields.Risked, `${want.risked.toFixed(2)}u`);
  t.is(fields['Win rate'], `${(want.winRate! * 100).toFixed(1)}%`);
  t.is(fields.ROI, `${(want.roi! * 100).toFixed(1)}%`);
  t.regex(embed.description ?? '', /Period: all time/);
});

test.serial('/analytics export: CSV rows per capper, and CSV, Excel and PDF totals equal to /stats', async (t) => {
  const stats = await computeStats(bettingCtx, { guildId: bot.guildId, period: 'all' });
  const all = independentSummary(rows);
  for (const key of ['bets', 'wins', 'losses', 'pushes', 'risked', 'net'] as const) t.is(stats[key], all[key], `/stats ${key}`);

  // CSV
  const csvReply = await bot.as('alice').run('/analytics export', { format: 'csv', period: 'all' });
  t.true(csvReply.ephemeral);
  const csvMsg = await finishedExport(csvReply);
  t.regex(csvMsg.embeds[0]!.description!, /^4 rows · CSV · export 1 of 50 this month$/);
  const attachment = csvMsg.attachments[0]!;
  t.regex(attachment.filename, /^server-analytics-\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parse(await download(attachment.url), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  t.deepEqual(Object.keys(records[0]!), ['Capper', 'Bets', 'Wins', 'Losses', 'Pushes', 'Win rate', 'Risked', 'Net', 'ROI', 'CLV']);
  t.is(records.length, cappers.length, 'one row per capper');
  t.deepEqual(records.map((r) => r.Capper).sort(), cappers.map(nameOf).sort());
  for (const userId of cappers) {
    const r = records.find((x) => x.Capper === nameOf(userId))!;
    const want = independentSummary(rows.filter((x) => x.userId === userId));
    t.is(Number(r.Bets), want.bets, `${nameOf(userId)} bets`);
    t.is(Number(r.Wins), want.wins, `${nameOf(userId)} wins`);
    t.is(Number(r.Losses), want.losses, `${nameOf(userId)} losses`);
    t.is(Number(r.Net), roundAway(want.net, 2), `${nameOf(userId)} net`);
    t.is(Number(r.Risked), roundAway(want.risked, 2), `${nameOf(userId)} risked`);
  }
  t.deepEqual(records.map((r) => Number(r.Net)), records.map((r) => Number(r.Net)).sort((a, b) => b - a), 'best net first');
  t.is(records.reduce((s, r) => s + Number(r.Bets), 0), stats.bets);
  t.is(records.reduce((s, r) => s + Number(r.Wins), 0), stats.wins);
  t.is(records.reduce((s, r) => s + Number(r.Losses), 0), stats.losses);
  t.is(records.reduce((s, r) => s + Number(r.Pushes), 0), stats.pushes);
  t.true(Math.abs(records.reduce((s, r) => s + Number(r.Net), 0) - stats.net) <= 0.005 * records.length + 1e-9, 'rounded nets add up to /stats');

  // Excel: the bold totals row holds the very numbers of /stats
  const xlsxMsg = await finishedExport(await bot.as('alice').run('/analytics export', { format: 'xlsx', period: 'all' }));
  t.regex(xlsxMsg.embeds[0]!.description!, /XLSX · export 2 of 50/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await download(xlsxMsg.attachments[0]!.url)).buffer);
  const sheet = workbook.getWorksheet('Report')!;
  let header = 0;
  let totals = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === 'Capper') header = n;
    if (row.getCell(1).value === 'Total') totals = n;
  });
  t.true(header > 0 && totals === header + cappers.length + 1, `header ${header}, totals ${totals}`);
  const columns = (sheet.getRow(header).values as unknown[]).slice(1);
  const cell = (label: string) => sheet.getRow(totals).getCell(columns.indexOf(label) + 1).value;
  t.is(cell('Bets'), stats.bets);
  t.is(cell('Wins'), stats.wins);
  t.is(cell('Losses'), stats.losses);
  t.is(cell('Pushes'), stats.pushes);
  t.is(cell('Net'), stats.net);
  t.is(cell('Risked'), stats.risked);
  t.true(Math.abs(Number(cell('ROI')) - stats.roi!) < 1e-9);
  for (let n = header + 1; n < totals; n++) {
    const name = String(sheet.getRow(n).getCell(1).value);
    const userId = cappers.find((u) => nameOf(u) === name)!;
    t.is(sheet.getRow(n).getCell(columns.indexOf('Net') + 1).value, independentSummary(rows.filter((r) => r.userId === userId)).net, `xlsx ${name} net`);
  }

  // PDF: the totals row as people read it
  const pdfMsg = await finishedExport(await bot.as('alice').run('/analytics export', { format: 'pdf', period: 'all' }));
  t.regex(pdfMsg.embeds[0]!.description!, /PDF · export 3 of 50/);
  const pdfBytes = await download(pdfMsg.attachments[0]!.url);
  t.is(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const items = await pdfText(pdfBytes);
  const at = items.lastIndexOf('Total');
  t.true(at >= 0, 'a totals row');
  t.deepEqual(items.slice(at + 1, at + 10), [
    exportInt(stats.bets),
    exportInt(stats.wins),
    exportInt(stats.losses),
    exportInt(stats.pushes),
    exportPercent(stats.winRate),
    exportUnits(stats.risked),
    exportUnits(stats.net),
    exportPercent(stats.roi),
    exportPercent(stats.clv),
  ]);
  for (const userId of cappers) t.true(items.includes(nameOf(userId)), `${nameOf(userId)} in the PDF`);
  t.is(await usageRow(), 3);
});

test.serial('exports count against the monthly allowance; the refusal says so and takes nothing', async (t) => {
  await sql(bot.app, 'delete from analytics_export_usage where guild_id = ?', [bot.guildId]);
  const set = await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'exportsPerMonth', value: '2' });
  t.is(set.embeds[0]!.title, 'analytics.exportsPerMonth is now `2`');
  try {
    const first = await finishedExport(await bot.as('alice').run('/analytics export', { format: 'csv', period: 'all' }));
    t.regex(first.embeds[0]!.description!, /export 1 of 2 this month/);
    const second = await finishedExport(await bot.as('alice').run('/analytics export', { format: 'csv', period: 'month' }));
    t.regex(second.embeds[0]!.description!, /export 2 of 2 this month/);
    t.is(await usageRow(), 2);

    const refused = await bot.as('alice').run('/analytics export', { format: 'csv', period: 'all' });
    t.true(refused.ephemeral);
    t.is(refused.attachments.length, 0);
    t.is(refused.embeds[0]!.title, 'Export allowance used up');
    assertRefusal(t, refused, 'LIMIT_REACHED');
    t.regex(refused.embeds[0]!.description!, /used 2 of its 2 exports this month\. The allowance renews on \d{4}-\d{2}-01/);
    t.is(await usageRow(), 2, 'the refusal took nothing');

    const usage = await bot.as('alice').run('/analytics usage');
    t.true(usage.ephemeral);
    t.regex(usage.embeds[0]!.description!, /^2 of 2 used\./);
  } finally {
    await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'exportsPerMonth', value: '50' });
  }
});

test.serial('a refused option gets the shared refusal shape, privately, before anything is deferred', async (t) => {
  // A sport name longer than the filter schema allows (the same schema as the dashboard's query).
  const reply = await bot.as('alice').run('/analytics chart', { metric: 'net', period: 'all', sport: 'x'.repeat(40) });
  assertRefusal(t, reply, 'INVALID_INPUT');
  t.is(reply.embeds[0]!.title, 'Check the options');
  t.regex(reply.embeds[0]!.description!, /^sport: /);
  t.is(reply.attachments.length, 0);
  const missing = await bot.as('alice').run('/analytics report run', { name: 'no-such-report' });
  assertRefusal(t, missing, 'NOT_FOUND');
  t.regex(missing.embeds[0]!.description!, /\*\*What to do:\*\* See the saved reports with `\/analytics report list`\./);
});

test.serial('members get "Admins only" for the admin subcommands, and nothing is exported', async (t) => {
  const before = await usageRow();
  for (const [command, options] of [
    ['/analytics export', { format: 'csv', period: 'all' }],
    ['/analytics usage', {}],
    ['/analytics report list', {}],
    ['/analytics schedule list', {}],
    ['/analytics dashboard', {}],
  ] as const) {
    const reply = await bot.as('carol').run(command, options);
    t.true(reply.ephemeral, command);
    t.is(reply.embeds[0]!.title, 'Admins only', command);
    assertRefusal(t, reply, 'NOT_ALLOWED');
    t.regex(reply.embeds[0]!.description!, /Manage Server/);
    t.is(reply.attachments.length, 0);
  }
  t.is(await usageRow(), before);
  // A member may chart the server's numbers (the same as /stats shows them).
  const chart = await bot.as('carol').run('/analytics chart', { metric: 'bets', period: 'all' });
  t.is(chart.attachments.length, 1);
});

test.serial('a server below platinum cannot use /analytics at all', async (t) => {
  const before = await usageRow();
  await bot.setTier('free');
  try {
    for (const [command, options] of [
      ['/analytics export', { format: 'csv', period: 'all' }],
      ['/analytics chart', { metric: 'net', period: 'all' }],
    ] as const) {
      const reply = await bot.as('alice').run(command, options);
      t.true(reply.ephemeral);
      t.is(reply.embeds[0]!.title, 'Not available here', command);
      t.is(reply.embeds[0]!.description, '"analytics" needs the platinum tier; this server is on free. Ask the bot owner to upgrade the server.');
      t.is(reply.attachments.length, 0);
    }
    t.is(await usageRow(), before);
  } finally {
    await bot.setTier('platinum');
  }
  const back = await bot.as('alice').run('/analytics chart', { metric: 'net', period: 'all' });
  t.is(back.attachments.length, 1, 'back on platinum, it works again');
});

test.serial('a slow progress edit never overwrites the finished export', async (t) => {
  // Discord answers a progress edit slowly (here: one 429, as under its edit rate limit). The export finishes
  // meanwhile; the last word on the message must still be "Export ready", not a progress bar.
  const updates: { title: string; attachments: number }[] = [];
  let armed = false;
  const onUpdate = (m: EmulatedMessage) => {
    const title = m.embeds[0]?.title ?? '';
    if (!title.startsWith('Export')) return;
    updates.push({ title, attachments: m.attachments.length });
    if (!armed && /Computing the numbers/.test(m.embeds[0]?.description ?? '')) {
      armed = true;
      // Armed before the bot hears back from this edit, so it is the next (progress) edit that is held up.
      bot.emulator.rateLimitNext(/^PATCH \/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/, 1);
    }
  };
  bot.emulator.on('messageUpdate', onUpdate);
  t.teardown(() => bot.emulator.off('messageUpdate', onUpdate));
  const reply = await bot.as('alice').run('/analytics export', { format: 'pdf', period: 'all' });
  await finishedExport(reply);
  t.true(armed);
  // Let any edit still queued behind the held-up one land.
  await new Promise((r) => setTimeout(r, 1500));
  const last = bot.emulator.message(reply.messageId!)!;
  t.is(last.attachments.length, 1);
  t.is(last.embeds[0]!.title, 'Export ready: Server analytics', `edits in order: ${updates.map((u) => u.title).join(' → ')}`);
  t.is(updates.at(-1)?.title, 'Export ready: Server analytics');
});

test.serial('exports claimed at the same moment, the first of a month, all succeed and are all counted', async (t) => {
  // E.g. two admins exporting at once, or several schedules due at 09:00 on the 1st (the job runner runs them
  // side by side): none of them may fail because the month's usage row did not exist yet.
  for (let month = 0; month < 4; month++) {
    const at = Date.UTC(2031, month, 1, 9);
    const claims = await Promise.allSettled([1, 2, 3, 4].map(() => claimExport(ctx, bot.guildId, at)));
    const failed = claims.filter((c): c is PromiseRejectedResult => c.status === 'rejected');
    t.deepEqual(failed.map((c) => String(c.reason).slice(0, 160)), [], `month ${month + 1}`);
    const used = claims.flatMap((c) => (c.status === 'fulfilled' ? [c.value.used] : [])).sort();
    t.deepEqual(used, [1, 2, 3, 4]);
    const rows = await sql<{ used: unknown }>(bot.app, 'select used from analytics_export_usage where guild_id = ? and month = ?', [bot.guildId, monthKey(at)]);
    t.is(Number(rows[0]?.used), 4);
  }
});

/** Every text item of a PDF, in drawing order, without whitespace-only items. */
async function pdfText(buffer: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), verbosity: 0 }).promise;
  const out: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item && item.str.trim() !== '') out.push(item.str);
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  return out;
}
