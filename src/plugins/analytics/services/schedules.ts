import { instantOf, wallTime } from 'dbsbm';
import type { AnalyticsContext } from './context.ts';
import type { ExportFormat } from './export-file.ts';

export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const DELIVER_JOB = 'deliver-report';
/** Tries of one delivery before it fails for good (and the schedule's creator is told). */
export const DELIVER_MAX_ATTEMPTS = 6;

/** Daily at the hour; weekly on Mondays; monthly on the 1st — in the server's time zone. */
const RUNS_ON: Record<Cadence, (date: Date) => boolean> = {
  daily: () => true,
  weekly: (date) => date.getUTCDay() === 1,
  monthly: (date) => date.getUTCDate() === 1,
};

/**
 * The next delivery strictly after `after`, at `hour`:00 on the server's clock. The core's zone rules apply: an hour
 * skipped by a spring-forward change is read with the offset from before it (02:00 becomes 03:00), a repeated hour
 * is its first occurrence.
 */
export function nextRunAt(cadence: Cadence, hour: number, timeZone: string, after: number): number {
  const today = wallTime(after, timeZone);
  // Local dates from today on, as UTC midnights (calendar arithmetic only); a month has a 1st within 32 days.
  for (let i = 0; i <= 32; i++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    if (!RUNS_ON[cadence](date)) continue;
    const at = instantOf({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute: 0, second: 0, millisecond: 0 }, timeZone);
    if (at > after) return at;
  }
  throw new Error(`no next run for ${cadence} at ${hour}:00 ${timeZone}`);
}

export interface DeliverPayload {
  scheduleId: number;
  runAt: number;
}

/**
 * Creates a schedule and its first delivery job in one transaction. Each delivery job is keyed by schedule and
 * time, so a restart can neither lose it (it is in the job table) nor run it twice (the key is unique).
 */
export async function createSchedule(
  ctx: AnalyticsContext,
  input: { guildId: string; reportId: number; cadence: Cadence; format: ExportFormat; targetKind: 'channel' | 'dm'; targetId: string; hour: number; createdBy: string },
  now = Date.now(),
): Promise<{ id: number; nextRunAt: number; timeZone: string }> {
  const { timeZone } = await ctx.settings.get(input.guildId);
  const runAt = nextRunAt(input.cadence, input.hour, timeZone, now);
  return ctx.em().transactional(async (tx) => {
    const res = (await tx.execute(
        'insert into analytics_schedules (guild_id, report_id, cadence, format, target_kind, target_id, hour, time_zone, next_run_at, created_by, active) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [input.guildId, input.reportId, input.cadence, input.format, input.targetKind, input.targetId, input.hour, timeZone, runAt, input.createdBy, true],
        'run',
      )) as { insertId?: number; lastInsertRowid?: number | bigint; insert_id?: number };
    const id = Number(res.insertId ?? res.lastInsertRowid ?? res.insert_id);
    await ctx.jobs.enqueue(tx, DELIVER_JOB, { scheduleId: id, runAt } satisfies DeliverPayload, { runAt, idempotencyKey: `report:${id}:${runAt}` });
    return { id, nextRunAt: runAt, timeZone };
  });
}
