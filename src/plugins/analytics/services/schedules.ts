import { Cron } from 'croner';
import type { AnalyticsContext } from './context.ts';
import type { ExportFormat } from './export-file.ts';

export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const DELIVER_JOB = 'deliver-report';

/** Daily at the hour; weekly on Mondays; monthly on the 1st — in the server's time zone. */
const PATTERN: Record<Cadence, (hour: number) => string> = {
  daily: (h) => `0 0 ${h} * * *`,
  weekly: (h) => `0 0 ${h} * * 1`,
  monthly: (h) => `0 0 ${h} 1 * *`,
};

/** The next delivery strictly after `after`, in the zone (croner handles daylight-saving changes). */
export function nextRunAt(cadence: Cadence, hour: number, timeZone: string, after: number): number {
  const next = new Cron(PATTERN[cadence](hour), { timezone: timeZone, paused: true }).nextRun(new Date(after));
  if (!next) throw new Error(`no next run for ${cadence} at ${hour}:00 ${timeZone}`);
  return next.getTime();
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
