import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { deliverScheduledReport } from '../../../src/plugins/analytics/services/deliver-report.ts';
import { monthKey } from '../../../src/plugins/analytics/services/export-usage.ts';
import { refreshMany } from '../../../src/plugins/analytics/services/rollups.ts';
import { findReport } from '../../../src/plugins/analytics/services/saved-reports.ts';
import { createSchedule, DELIVER_JOB, nextRunAt } from '../../../src/plugins/analytics/services/schedules.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { JobRun } from '../../../src/core/jobs/types.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { countRows, download, insertHistory, sql, waitForJobs } from './helpers.ts';

const DAY = 86_400_000;
let bot: TestBot;
let ctx: AnalyticsContext;
let reportId: number;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  const rows = await insertHistory(ctx, { guildId: bot.guildId, users: [bot.users.alice, bot.users.bob], bets: 60, days: 0.2, now: Date.now(), seed: 31 });
  await refreshMany(ctx, bot.guildId, rows);
  const saved = await bot.as('alice').run('/analytics report save', { name: 'monthly', metrics: 'bets,net,roi', by: 'capper', period: 'month' });
  if (saved.embeds[0]?.title !== 'Report "monthly" saved') throw new Error(JSON.stringify(saved.embeds));
  reportId = (await findReport(ctx, bot.guildId, 'monthly'))!.id;
});
test.after.always(() => bot?.close());

interface ScheduleRow {
  id: unknown;
  next_run_at: unknown;
  target_kind: string;
  target_id: string;
  format: string;
  active: unknown;
  time_zone: string;
}
const schedule = async (id: number) => (await sql<ScheduleRow>(bot.app, 'select * from analytics_schedules where id = ?', [id]))[0]!;
const deliveryJobs = (id: number) =>
  sql<{ id: unknown; status: string; run_at: unknown; idempotency_key: string }>(bot.app, "select id, status, run_at, idempotency_key from jobs where plugin = 'analytics' and name = ? and idempotency_key like ? order by id", [
    DELIVER_JOB,
    `report:${id}:%`,
  ]);
const used = async () => Number((await sql<{ used: unknown }>(bot.app, 'select used from analytics_export_usage where guild_id = ? and month = ?', [bot.guildId, monthKey(Date.now())]))[0]?.used ?? 0);
const runOf = (jobId: number, scheduleId: number, runAt: number, attempt = 1): JobRun => ({
  id: jobId,
  plugin: 'analytics',
  name: DELIVER_JOB,
  guildId: null,
  payload: { scheduleId, runAt },
  attempt,
  idempotencyKey: `report:${scheduleId}:${runAt}`,
});

test.serial('/analytics schedule add writes the schedule and its first delivery job; list and remove', async (t) => {
  const before = Date.now();
  const reply = await bot.as('alice').run('/analytics schedule add', { report: 'monthly', cadence: 'daily', channel: bot.channels.results, hour: 9 });
  t.true(reply.ephemeral);
  const m = /^Schedule #(\d+) added$/.exec(reply.embeds[0]!.title!);
  if (!m) return t.fail(reply.embeds[0]!.title!);
  const id = Number(m[1]);
  t.regex(reply.embeds[0]!.description!, new RegExp(`"monthly" daily at 9:00 \\(UTC\\) as PDF in <#${bot.channels.results}>`));
  const s = await schedule(id);
  t.like(s, { target_kind: 'channel', target_id: bot.channels.results, format: 'pdf', time_zone: 'UTC' });
  const next = Number(s.next_run_at);
  t.is(next, nextRunAt('daily', 9, 'UTC', before));
  t.is(new Date(next).getUTCHours(), 9);
  t.true(next > before && next <= before + DAY);
  const jobs = await deliveryJobs(id);
  t.is(jobs.length, 1);
  t.like(jobs[0], { status: 'pending', idempotency_key: `report:${id}:${next}` });
  t.is(Number(jobs[0]!.run_at), next);

  const list = await bot.as('alice').run('/analytics schedule list');
  t.regex(list.embeds[0]!.description!, new RegExp(`\\*\\*#${id}\\*\\* "monthly" daily at 9:00 UTC as PDF to <#${bot.channels.results}> · next <t:${Math.floor(next / 1000)}:f>`));
  const removed = await bot.as('alice').run('/analytics schedule remove', { id });
  t.is(removed.embeds[0]!.title, `Schedule #${id} stopped`);
  t.falsy(Number((await schedule(id)).active));
  const again = await bot.as('alice').run('/analytics schedule remove', { id });
  t.is(again.embeds[0]!.title, `No active schedule #${id} here`);
  t.is((await bot.as('alice').run('/analytics schedule list')).embeds[0]!.description, 'None. Add one with `/analytics schedule add`.');

  const unknown = await bot.as('alice').run('/analytics schedule add', { report: 'nope', cadence: 'daily' });
  t.is(unknown.embeds[0]!.title, 'No report called "nope"');
  const voice = bot.emulator.createChannel(bot.guildId, { name: 'lounge', type: 2 });
  const notText = await bot.as('alice').run('/analytics schedule add', { report: 'monthly', cadence: 'daily', channel: voice.id });
  t.is(notText.embeds[0]!.title, 'Schedule not added');
  t.is(await countRows(bot.app, 'analytics_schedules', 'active = ?', [true]), 0);
});

test.serial('a due delivery posts once, moves the schedule on and queues the next; rerunning or a crash before advancing posts nothing new', async (t) => {
  const channel = bot.channels.results;
  const startMessages = bot.messages(channel).length;
  const usedBefore = await used();
  const created = await createSchedule(
    ctx,
    { guildId: bot.guildId, reportId, cadence: 'daily', format: 'csv', targetKind: 'channel', targetId: channel, hour: 9, createdBy: bot.users.alice },
    Date.now() - 2 * DAY,
  );
  const runAt = created.nextRunAt;
  t.true(runAt < Date.now(), 'due');
  await waitForJobs(bot.app);

  const posted = bot.messages(channel).slice(startMessages);
  t.is(posted.length, 1, 'exactly one delivery');
  t.is(posted[0]!.embeds[0]!.title, 'Scheduled report: monthly');
  t.is(posted[0]!.attachments.length, 1);
  t.regex(posted[0]!.attachments[0]!.filename, /^monthly-\d{4}-\d{2}-\d{2}\.csv$/);
  t.regex((await download(posted[0]!.attachments[0]!.url)).toString('utf8'), /^Capper,Bets,Net,ROI\r\n/);
  t.is(await used(), usedBefore + 1, 'a delivery counts as an export');

  const s = await schedule(created.id);
  const next = Number(s.next_run_at);
  t.true(next > Date.now(), 'next_run_at moved to the future');
  t.is(next, nextRunAt('daily', 9, 'UTC', Date.now()));
  const jobs = await deliveryJobs(created.id);
  t.deepEqual(
    jobs.map((j) => [j.status, j.idempotency_key]),
    [
      ['done', `report:${created.id}:${runAt}`],
      ['pending', `report:${created.id}:${next}`],
    ],
  );
  const firstJobId = Number(jobs[0]!.id);

  // The same job again (a redelivery after it finished): the schedule has moved on, so nothing happens.
  await deliverScheduledReport(ctx, runOf(firstJobId, created.id, runAt, 2));
  t.is(bot.messages(channel).length, startMessages + 1);
  t.is(await used(), usedBefore + 1);
  t.is(Number((await schedule(created.id)).next_run_at), next);

  // Crashed after sending, before advancing: the schedule still says runAt; the retry sends with the same
  // enforced nonce, which Discord answers with the first message instead of posting again.
  await sql(bot.app, 'update analytics_schedules set next_run_at = ? where id = ?', [runAt, created.id]);
  await deliverScheduledReport(ctx, runOf(firstJobId, created.id, runAt, 2));
  t.is(bot.messages(channel).length, startMessages + 1, 'still exactly one message');
  t.is(Number((await schedule(created.id)).next_run_at), next, 'advanced again to the same time');
  const after = await deliveryJobs(created.id);
  t.is(after.length, 2, 'the next job was not queued twice');
  t.is(after.filter((j) => j.status === 'pending').length, 1);
  await waitForJobs(bot.app);
  t.is(bot.messages(channel).length, startMessages + 1);
  await sql(bot.app, 'update analytics_schedules set active = ? where id = ?', [false, created.id]);
});

test.serial('a retried delivery does not take a second export from the allowance', async (t) => {
  // The retry of the crash above must not charge the server twice for one delivery.
  const channel = bot.channels.bets;
  const created = await createSchedule(
    ctx,
    { guildId: bot.guildId, reportId, cadence: 'daily', format: 'csv', targetKind: 'channel', targetId: channel, hour: 9, createdBy: bot.users.alice },
    Date.now() - 2 * DAY,
  );
  const usedBefore = await used();
  await waitForJobs(bot.app);
  t.is(bot.messages(channel).length, 1);
  t.is(await used(), usedBefore + 1);
  const jobId = Number((await deliveryJobs(created.id))[0]!.id);
  await sql(bot.app, 'update analytics_schedules set next_run_at = ? where id = ?', [created.nextRunAt, created.id]);
  await deliverScheduledReport(ctx, runOf(jobId, created.id, created.nextRunAt, 2));
  t.is(bot.messages(channel).length, 1);
  t.is(await used(), usedBefore + 1, 'one delivery, one export');
  await sql(bot.app, 'update analytics_schedules set active = ? where id = ?', [false, created.id]);
});

test.serial('a delivery when the allowance is used up posts a notice instead, takes nothing, and the schedule goes on', async (t) => {
  const channel = bot.channels.admin;
  const usedBefore = await used();
  await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'exportsPerMonth', value: String(usedBefore) });
  try {
    const created = await createSchedule(
      ctx,
      { guildId: bot.guildId, reportId, cadence: 'monthly', format: 'xlsx', targetKind: 'channel', targetId: channel, hour: 9, createdBy: bot.users.alice },
      Date.now() - 40 * DAY,
    );
    t.true(created.nextRunAt < Date.now());
    await waitForJobs(bot.app);
    const posted = bot.messages(channel);
    t.is(posted.length, 1);
    t.is(posted[0]!.embeds[0]!.title, 'Scheduled report "monthly" skipped');
    t.regex(posted[0]!.embeds[0]!.description!, new RegExp(`used ${usedBefore} of its ${usedBefore} exports this month`));
    t.is(posted[0]!.attachments.length, 0);
    t.is(await used(), usedBefore);
    const next = Number((await schedule(created.id)).next_run_at);
    t.true(next > Date.now());
    t.is(new Date(next).getUTCDate(), 1, 'monthly is on the 1st');
    t.is((await deliveryJobs(created.id)).filter((j) => j.status === 'pending').length, 1);
    await sql(bot.app, 'update analytics_schedules set active = ? where id = ?', [false, created.id]);
  } finally {
    await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'exportsPerMonth', value: '50' });
  }
});

test.serial('a schedule without a channel delivers to its creator by DM', async (t) => {
  const reply = await bot.as('alice').run('/analytics schedule add', { report: 'monthly', cadence: 'weekly' });
  const id = Number(/^Schedule #(\d+) added$/.exec(reply.embeds[0]!.title!)![1]);
  t.regex(reply.embeds[0]!.description!, /"monthly" weekly at 9:00 \(UTC\) as PDF to you by DM/);
  const s = await schedule(id);
  t.like(s, { target_kind: 'dm', target_id: bot.users.alice, format: 'pdf' });
  t.is(new Date(Number(s.next_run_at)).getUTCDay(), 1, 'weekly is on Mondays');

  // Make it due in SQL: the schedule's time, and its job's time, payload and key.
  const due = nextRunAt('weekly', 9, 'UTC', Date.now() - 8 * DAY);
  t.true(due < Date.now());
  const [job] = await deliveryJobs(id);
  await sql(bot.app, 'update analytics_schedules set next_run_at = ? where id = ?', [due, id]);
  await sql(bot.app, 'update jobs set run_at = ?, payload = ?, idempotency_key = ? where id = ?', [due, JSON.stringify({ scheduleId: id, runAt: due }), `report:${id}:${due}`, Number(job!.id)]);
  await waitForJobs(bot.app);

  const dm = bot.emulator.dmChannel(bot.users.alice);
  const messages = bot.messages(dm.id);
  t.is(messages.length, 1);
  t.is(messages[0]!.embeds[0]!.title, 'Scheduled report: monthly');
  t.regex(messages[0]!.embeds[0]!.description!, /· weekly · PDF$/);
  const pdf = await download(messages[0]!.attachments[0]!.url);
  t.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  t.true(Number((await schedule(id)).next_run_at) > Date.now());
  t.is(bot.messages(bot.emulator.dmChannel(bot.users.bob).id).length, 0, 'nobody else was sent it');

  // Deleting the report stops its schedules: a due job then does nothing.
  await bot.as('alice').run('/analytics report delete', { name: 'monthly' });
  t.falsy(Number((await schedule(id)).active));
  const pending = (await deliveryJobs(id)).find((j) => j.status === 'pending')!;
  await deliverScheduledReport(ctx, runOf(Number(pending.id), id, Number(pending.run_at)));
  t.is(bot.messages(dm.id).length, 1);
});

test('nextRunAt keeps the local hour across daylight-saving changes', (t) => {
  const london = (ms: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
  // British Summer Time ends on Sunday 26 October 2025 at 02:00 local.
  const before = nextRunAt('weekly', 9, 'Europe/London', Date.UTC(2025, 9, 19, 12));
  const after = nextRunAt('weekly', 9, 'Europe/London', before);
  t.is(before, Date.UTC(2025, 9, 20, 8), 'Mon 20 Oct 09:00 BST is 08:00 UTC');
  t.is(after, Date.UTC(2025, 9, 27, 9), 'Mon 27 Oct 09:00 GMT is 09:00 UTC');
  t.is(london(before), 'Mon 09:00');
  t.is(london(after), 'Mon 09:00');
  t.is(after - before, 7 * DAY + 3_600_000, 'that week is an hour longer');
  // Daily across the change itself, and the spring change (Sunday 29 March 2026).
  const sat = nextRunAt('daily', 9, 'Europe/London', Date.UTC(2025, 9, 25, 0));
  const sun = nextRunAt('daily', 9, 'Europe/London', sat);
  t.deepEqual([sat, sun], [Date.UTC(2025, 9, 25, 8), Date.UTC(2025, 9, 26, 9)]);
  const spring = nextRunAt('weekly', 9, 'Europe/London', Date.UTC(2026, 2, 23, 9));
  t.is(spring, Date.UTC(2026, 2, 30, 8));
  t.is(london(spring), 'Mon 09:00');
  // Monthly on the 1st, in New York (EST in December, EDT in April).
  t.is(nextRunAt('monthly', 9, 'America/New_York', Date.UTC(2025, 10, 15)), Date.UTC(2025, 11, 1, 14));
  t.is(nextRunAt('monthly', 9, 'America/New_York', Date.UTC(2026, 2, 15)), Date.UTC(2026, 3, 1, 13));
  // Strictly after: asking at the exact time gives the next one.
  t.is(nextRunAt('daily', 9, 'UTC', Date.UTC(2025, 0, 1, 9)), Date.UTC(2025, 0, 2, 9));
  // The hours a change skips or repeats follow the core's zone rules (src/core/time/zones.ts): in Paris 02:00 does
  // not exist on 30 March 2025 (it runs at 03:00 CEST) and happens twice on 26 October (it runs at the first).
  t.is(nextRunAt('daily', 2, 'Europe/Paris', Date.UTC(2025, 2, 29, 12)), Date.UTC(2025, 2, 30, 1));
  t.is(nextRunAt('daily', 2, 'Europe/Paris', Date.UTC(2025, 9, 25, 12)), Date.UTC(2025, 9, 26, 0));
});
