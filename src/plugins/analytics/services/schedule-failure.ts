import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { DiscordUnavailableError, wallTime, type NotificationRequest } from 'dbsbm';
import type { AnalyticsContext } from './context.ts';
import { DELIVER_JOB, nextRunAt, type Cadence, type DeliverPayload } from './schedules.ts';

/**
 * Discord's answers that retrying cannot change: the channel is gone or the bot may not post there. Only someone
 * with Manage Server can fix them (another channel, or the bot's permissions back).
 */
const STOPPING_CODES = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);

/** Why a scheduled delivery failed for good, and what becomes of its schedule. */
export interface DeliveryFailure {
  /**
   * `stop`: the target cannot take the report (the schedule is stopped, every later delivery would fail the same
   * way); `skip`: the last attempt failed for another reason (this delivery is lost, the schedule goes on).
   */
  outcome: 'stop' | 'skip';
  /** Discord's error code, when Discord answered. */
  code: number | null;
  /** The reason in plain words, for the admin. */
  reason: string;
}

/** The schedule a failed delivery belongs to, as the delivery job read it. */
export interface FailedSchedule {
  id: number;
  guildId: string;
  reportName: string;
  cadence: Cadence;
  hour: number;
  timeZone: string;
  targetKind: 'channel' | 'dm';
  targetId: string;
  /** The member who added the schedule (`/analytics schedule add`). */
  createdBy: string;
  /** The delivery that failed (the schedule's `next_run_at` while it ran). */
  runAt: number;
}

function plainReason(code: number | null, err: unknown, target: 'channel' | 'dm'): string {
  switch (code) {
    case RESTJSONErrorCodes.UnknownChannel:
      return 'the channel no longer exists (it was deleted)';
    case RESTJSONErrorCodes.MissingAccess:
      return 'the bot can no longer see the channel (it lost access to it)';
    case RESTJSONErrorCodes.MissingPermissions:
      return 'the bot is not allowed to post there (it needs Send Messages, Embed Links and Attach Files)';
    case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
      return 'Discord would not deliver the direct message (DMs from the server are closed)';
  }
  if (err instanceof DiscordUnavailableError) return target === 'dm' ? 'the bot could not reach Discord' : 'the bot could not reach Discord or post in that channel';
  if (err instanceof DiscordAPIError) return `Discord refused it (${err.status}: ${err.message})`;
  return `something went wrong while preparing or posting it (${err instanceof Error ? err.message : String(err)})`;
}

/**
 * Whether a delivery's failure is final: a Discord answer retrying cannot change (unknown channel, missing access,
 * missing permissions), or any error on the job's last attempt. Null when the job should simply be retried.
 */
export function deliveryFailure(err: unknown, attempt: number, maxAttempts: number, target: 'channel' | 'dm'): DeliveryFailure | null {
  const code = err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : null;
  if (code !== null && STOPPING_CODES.has(code)) return { outcome: 'stop', code, reason: plainReason(code, err, target) };
  if (attempt < maxAttempts) return null;
  return { outcome: 'skip', code, reason: `${plainReason(code, err, target)}, on the last of ${attempt} tries` };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const localDay = (at: number, timeZone: string): string => {
  const w = wallTime(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
};
const localTime = (at: number, timeZone: string): string => {
  const w = wallTime(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} (${timeZone})`;
};

/**
 * The admin's notice of a failed delivery: to the member who added the schedule, sent through quiet hours, once per
 * schedule and day.
 */
export function scheduleFailureNotice(s: FailedSchedule, failure: DeliveryFailure, now: number, next: number | null): NotificationRequest {
  const where = s.targetKind === 'channel' ? `<#${s.targetId}>` : `<@${s.targetId}> by DM`;
  const retarget =
    s.targetKind === 'channel'
      ? `pick another channel with /analytics schedule add (report: ${s.reportName})`
      : `add it again with /analytics schedule add (report: ${s.reportName}) and a channel, to have it posted there instead`;
  const fix =
    failure.outcome === 'stop'
      ? `The schedule is stopped. To keep getting this report, ${retarget}` +
        (failure.code === RESTJSONErrorCodes.UnknownChannel ? '.' : `, or give the bot back its access to ${where} and add the schedule again.`)
      : `This delivery is skipped; the schedule goes on${next === null ? '' : `, next at ${localTime(next, s.timeZone)}`}. If it keeps failing, ${retarget}, or stop it with /analytics schedule remove id:${s.id}.`;
  return {
    guildId: s.guildId,
    to: { userIds: [s.createdBy] },
    type: 'schedule_failure',
    critical: true,
    key: `schedule-failed:${s.id}:${localDay(now, s.timeZone)}`,
    title: 'Your scheduled report could not be posted',
    body: `The ${s.cadence} report "${s.reportName}" (schedule #${s.id}) due ${localTime(s.runAt, s.timeZone)} could not be posted to ${where}: ${failure.reason}. ${fix}`,
    data: { scheduleId: s.id, targetKind: s.targetKind, targetId: s.targetId, code: failure.code },
  };
}

/**
 * Records a delivery that failed for good and tells the schedule's creator, in one transaction: a `stop` stops the
 * schedule, a `skip` moves it on to its next delivery (queued as a success would). Only the run that changes the
 * schedule publishes, so a redelivered job, or one whose schedule was stopped or moved meanwhile, tells nobody twice.
 * @returns whether the notification was requested.
 */
export async function recordDeliveryFailure(ctx: AnalyticsContext, s: FailedSchedule, failure: DeliveryFailure, now = Date.now()): Promise<boolean> {
  const next = failure.outcome === 'skip' ? nextRunAt(s.cadence, s.hour, s.timeZone, Math.max(s.runAt, now)) : null;
  return ctx.data.transaction(async (em) => {
    const changed =
      next === null
        ? await ctx.data.run('update analytics_schedules set active = ? where id = ? and next_run_at = ? and active = ?', [false, s.id, s.runAt, true], em)
        : await ctx.data.run('update analytics_schedules set next_run_at = ? where id = ? and next_run_at = ? and active = ?', [next, s.id, s.runAt, true], em);
    if (changed.changes === 0) return false;
    if (next !== null) await ctx.jobs.enqueue(em, DELIVER_JOB, { scheduleId: s.id, runAt: next } satisfies DeliverPayload, { runAt: next, idempotencyKey: `report:${s.id}:${next}` });
    await ctx.events.publishInTransaction(em, 'notification.requested', scheduleFailureNotice(s, failure, now, next));
    return true;
  });
}
