import test from 'ava';
import { PermissionFlagsBits } from 'discord.js';
import type { EventMeta, NotificationRequest } from '../../../src/index.ts';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { findReport } from '../../../src/plugins/analytics/services/saved-reports.ts';
import { createSchedule, DELIVER_JOB, DELIVER_MAX_ATTEMPTS, nextRunAt } from '../../../src/plugins/analytics/services/schedules.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { createTestBot, DEMO, type TestBot } from '../../../src/testkit/index.ts';
import { sql, waitForJobs } from './helpers.ts';

const DAY = 86_400_000;
let bot: TestBot;
let ctx: AnalyticsContext;
let reportId: number;
const requested: { payload: NotificationRequest; meta: EventMeta }[] = [];

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  const saved = await bot.as('alice').run('/analytics report save', { name: 'weekly picks', metrics: 'bets,net', by: 'capper', period: 'month' });
  if (saved.embeds[0]?.title !== 'Report "weekly picks" saved') throw new Error(JSON.stringify(saved.embeds));
  reportId = (await findReport(ctx, bot.guildId, 'weekly picks'))!.id;
  ctx.events.subscribe('notification.requested', (payload, meta) => {
    requested.push({ payload, meta });
  });
});
test.after.always(() => bot?.close());

const schedule = async (id: number) => (await sql<{ active: unknown; next_run_at: unknown }>(bot.app, 'select active, next_run_at from analytics_schedules where id = ?', [id]))[0]!;
const deliveryJobs = (id: number) =>
  sql<{ id: unknown; status: string; attempts: unknown; run_at: unknown; idempotency_key: string; last_error: string | null }>(
    bot.app,
    "select id, status, attempts, run_at, idempotency_key, last_error from jobs where plugin = 'analytics' and name = ? and idempotency_key like ? order by id",
    [DELIVER_JOB, `report:${id}:%`],
  );
/** The durable `notification.requested` events written for a schedule (the core's event jobs). */
const requestRows = async (id: number) =>
  Number((await sql<{ n: unknown }>(bot.app, "select count(*) as n from jobs where plugin = 'core' and name = 'event' and payload like ?", [`%schedule-failed:${id}:%`]))[0]!.n);
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const dueSchedule = (targetKind: 'channel' | 'dm', targetId: string) =>
  createSchedule(ctx, { guildId: bot.guildId, reportId, cadence: 'daily', format: 'csv', targetKind, targetId, hour: 9, createdBy: bot.users.alice }, Date.now() - 2 * DAY);

/** Makes the database refuse the durable notice of a failed delivery (a trigger aborts its insert); returns the undo. */
async function refuseNotificationEvents(): Promise<() => Promise<void>> {
  await sql(
    bot.app,
    bot.app.dialect === 'sqlite'
      ? "create trigger refuse_schedule_notice before insert on jobs when new.name = 'event' and new.payload like '%schedule-failed:%' begin select raise(abort, 'refused by the test'); end"
      : "create trigger refuse_schedule_notice before insert on jobs for each row begin if new.name = 'event' and new.payload like '%schedule-failed:%' then signal sqlstate '45000' set message_text = 'refused by the test'; end if; end",
  );
  return async () => {
    await sql(bot.app, 'drop trigger refuse_schedule_notice');
  };
}

test.serial('a delivery to a deleted channel stops the schedule and tells its creator once, in the same transaction', async (t) => {
  const started = Date.now();
  const channel = bot.emulator.createChannel(bot.guildId, { name: 'weekly-reports' });
  bot.emulator.deleteChannel(channel.id);
  requested.length = 0;

  // The notice cannot be written: the schedule is not stopped either, and the delivery is retried.
  const allow = await refuseNotificationEvents();
  const created = await dueSchedule('channel', channel.id);
  await waitForJobs(bot.app);
  await allow();
  t.truthy(Number((await schedule(created.id)).active), 'not stopped without its notice');
  t.is(await requestRows(created.id), 0);
  let [job] = await deliveryJobs(created.id);
  t.like(job, { status: 'pending', idempotency_key: `report:${created.id}:${created.nextRunAt}` });

  // The retry: stopped and told together; dead at once (retrying cannot bring the channel back), nothing queued.
  await sql(bot.app, 'update jobs set run_at = ? where id = ?', [Date.now(), Number(job!.id)]);
  await waitForJobs(bot.app);
  t.falsy(Number((await schedule(created.id)).active), 'stopped');
  t.is(await requestRows(created.id), 1);
  const jobs = await deliveryJobs(created.id);
  t.is(jobs.length, 1, 'no next delivery queued');
  [job] = jobs;
  t.is(job!.status, 'dead');
  t.is(Number(job!.attempts), 2);
  t.regex(job!.last_error ?? '', /channel no longer exists/);

  t.is(requested.length, 1, 'one notification request');
  const { payload, meta } = requested[0]!;
  t.is(meta.guildId, bot.guildId);
  t.like(payload, {
    guildId: bot.guildId,
    type: 'schedule_failure',
    critical: true,
    to: { userIds: [bot.users.alice] },
    title: 'Your scheduled report could not be posted',
    data: { scheduleId: created.id, targetKind: 'channel', targetId: channel.id, code: 10003 },
  });
  t.true([utcDay(started), utcDay(Date.now())].map((d) => `schedule-failed:${created.id}:${d}`).includes(payload.key), payload.key);
  t.regex(payload.body, /"weekly picks"/);
  t.regex(payload.body, new RegExp(`could not be posted to <#${channel.id}>: the channel no longer exists`));
  t.regex(payload.body, /The schedule is stopped\. To keep getting this report, pick another channel with \/analytics schedule add \(report: weekly picks\)\./);
  t.is(payload.url, undefined);

  // The same delivery again (a redelivered job): the schedule is stopped, so nobody is told twice.
  await sql(bot.app, "update jobs set status = 'pending', run_at = ?, attempts = 0 where id = ?", [Date.now(), Number(job!.id)]);
  await waitForJobs(bot.app);
  t.is(requested.length, 1);
  t.is(await requestRows(created.id), 1);
});

test.serial('a channel the bot may not post in stops the schedule with the permissions named', async (t) => {
  // The demo bot is an Administrator, which no overwrite can limit: it gets a plain role for this test.
  const guild = bot.emulator.state().guilds.find((g) => g.id === bot.guildId)!;
  const botRole = guild.members.find((m) => m.user_id === DEMO.botId)!.roles[0]!;
  bot.emulator.updateRole(bot.guildId, botRole, { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory'] });
  try {
    const channel = bot.emulator.createChannel(bot.guildId, { name: 'locked-reports', permissionOverwrites: [{ id: DEMO.botId, type: 1, deny: PermissionFlagsBits.SendMessages }] });
    requested.length = 0;
    const created = await dueSchedule('channel', channel.id);
    await waitForJobs(bot.app);
    t.is(bot.messages(channel.id).length, 0);
    t.falsy(Number((await schedule(created.id)).active));
    t.is((await deliveryJobs(created.id))[0]!.status, 'dead');
    t.is(requested.length, 1);
    const { payload } = requested[0]!;
    t.like(payload, { type: 'schedule_failure', critical: true, to: { userIds: [bot.users.alice] }, data: { code: 50013 } });
    t.regex(payload.body, /the bot is not allowed to post there \(it needs Send Messages, Embed Links and Attach Files\)/);
    t.regex(payload.body, new RegExp(`or give the bot back its access to <#${channel.id}> and add the schedule again\\.`));
  } finally {
    bot.emulator.updateRole(bot.guildId, botRole, { permissions: ['Administrator'] });
  }
});

test.serial('any other failure is retried; on the last attempt the creator is told and the schedule goes on', async (t) => {
  // Closed DMs (50007) are not among the codes that stop a schedule: the member may open them again.
  bot.emulator.closeDms(bot.users.alice);
  try {
    requested.length = 0;
    const created = await dueSchedule('dm', bot.users.alice);
    await waitForJobs(bot.app);
    t.is(requested.length, 0, 'nothing on a try that is not the last');
    let [job] = await deliveryJobs(created.id);
    t.like(job, { status: 'pending' });
    t.is(Number((await schedule(created.id)).next_run_at), created.nextRunAt);

    // The last try.
    await sql(bot.app, 'update jobs set run_at = ?, attempts = ? where id = ?', [Date.now(), DELIVER_MAX_ATTEMPTS - 1, Number(job!.id)]);
    await waitForJobs(bot.app);
    const jobs = await deliveryJobs(created.id);
    [job] = jobs;
    t.is(job!.status, 'dead');
    const s = await schedule(created.id);
    t.truthy(Number(s.active), 'the schedule goes on');
    const next = Number(s.next_run_at);
    t.is(next, nextRunAt('daily', 9, 'UTC', Date.now()));
    t.deepEqual(
      jobs.slice(1).map((j) => [j.status, j.idempotency_key]),
      [['pending', `report:${created.id}:${next}`]],
      'the next delivery is queued',
    );
    t.is(requested.length, 1);
    const { payload } = requested[0]!;
    t.like(payload, { type: 'schedule_failure', critical: true, to: { userIds: [bot.users.alice] }, data: { targetKind: 'dm', code: 50007 } });
    t.regex(payload.body, new RegExp(`could not be posted to <@${bot.users.alice}> by DM: Discord would not deliver the direct message \\(DMs from the server are closed\\), on the last of ${DELIVER_MAX_ATTEMPTS} tries\\.`));
    t.regex(payload.body, new RegExp(`This delivery is skipped; the schedule goes on, next at \\d{4}-\\d{2}-\\d{2} 09:00 \\(UTC\\)\\. If it keeps failing, .* or stop it with /analytics schedule remove id:${created.id}\\.`));
  } finally {
    bot.emulator.openDms(bot.users.alice);
  }
});
