import { createHash } from 'node:crypto';
import { AttachmentBuilder } from 'discord.js';
import { isRefusal, PermanentJobError, type DiscordMessage, type JobRun } from 'dbsbm';
import { z } from 'zod';
import type { AnalyticsContext } from './context.ts';
import { EXPORT_FORMATS, exportFile } from './export-file.ts';
import { claimExport } from './export-usage.ts';
import { runReport } from './reports.ts';
import { findReport, type StoredReport } from './saved-reports.ts';
import { deliveryFailure, recordDeliveryFailure } from './schedule-failure.ts';
import { CADENCES, DELIVER_JOB, DELIVER_MAX_ATTEMPTS, nextRunAt, type DeliverPayload } from './schedules.ts';

const payloadSchema = z.object({ scheduleId: z.number().int(), runAt: z.number().int() });
const scheduleRow = z.object({
  id: z.coerce.number(),
  guild_id: z.string(),
  report_id: z.coerce.number(),
  cadence: z.enum(CADENCES),
  format: z.enum(EXPORT_FORMATS),
  target_kind: z.enum(['channel', 'dm']),
  target_id: z.string(),
  hour: z.coerce.number(),
  time_zone: z.string(),
  next_run_at: z.coerce.number(),
  created_by: z.string(),
  active: z.union([z.boolean(), z.number()]).transform(Boolean),
});
type ScheduleRow = z.infer<typeof scheduleRow>;

/**
 * One scheduled delivery. The message carries a nonce derived from the job's idempotency key with
 * `enforceNonce`, so if the worker dies after sending but before finishing, the retry's send returns the first
 * message instead of posting a second. Then the next delivery is written in one transaction with the schedule's
 * new time; a job whose time is no longer the schedule's (already advanced) does nothing. A delivery that fails for
 * good (see {@link deliveryFailure}) tells the schedule's creator and stops or moves on the schedule (see
 * {@link recordDeliveryFailure}), then dead-letters at once.
 */
export async function deliverScheduledReport(ctx: AnalyticsContext, run: JobRun): Promise<void> {
  const payload = payloadSchema.parse(run.payload) satisfies DeliverPayload;
  const rows = (await ctx.em().getConnection().execute('select * from analytics_schedules where id = ?', [payload.scheduleId])) as unknown[];
  const parsed = rows[0] ? scheduleRow.safeParse(rows[0]) : undefined;
  if (!parsed?.success) return;
  const s = parsed.data;
  if (!s.active || s.next_run_at !== payload.runAt) return;
  const report = await findReport(ctx, s.guild_id, s.report_id);
  if (!report) return;

  const gate = await ctx.gate(s.guild_id);
  if (gate.ok) {
    try {
      await post(ctx, run, s, report);
    } catch (err) {
      // A failure retrying cannot fix, or the last try: the creator is told, and the schedule stopped or moved on.
      const failure = deliveryFailure(err, run.attempt, DELIVER_MAX_ATTEMPTS, s.target_kind);
      if (!failure) throw err;
      await recordDeliveryFailure(
        ctx,
        { id: s.id, guildId: s.guild_id, reportName: report.name, cadence: s.cadence, hour: s.hour, timeZone: s.time_zone, targetKind: s.target_kind, targetId: s.target_id, createdBy: s.created_by, runAt: payload.runAt },
        failure,
      );
      // Dead-lettered at once: retrying would fail the same way, or this was the last try (the error is its cause).
      throw new PermanentJobError(`delivery failed for good: ${failure.reason}`, { cause: err });
    }
  }
  // Off for the server (or its tier dropped): this delivery is skipped, the schedule keeps going (the job is not
  // given a guildId for that reason: the core would skip it and the chain of deliveries would end).
  const next = nextRunAt(s.cadence, s.hour, s.time_zone, Math.max(payload.runAt, Date.now()));
  await ctx.em().transactional(async (tx) => {
    await tx.execute('update analytics_schedules set next_run_at = ? where id = ? and next_run_at = ?', [next, s.id, payload.runAt]);
    await ctx.jobs.enqueue(tx, DELIVER_JOB, { scheduleId: s.id, runAt: next } satisfies DeliverPayload, { runAt: next, idempotencyKey: `report:${s.id}:${next}` });
  });
}

/**
 * Posts one delivery: the report, or why it was skipped when the server is out of exports. The message carries a
 * nonce derived from the job's idempotency key with `enforceNonce`, so a retry after a send returns the first message.
 */
async function post(ctx: AnalyticsContext, run: JobRun, s: ScheduleRow, report: StoredReport): Promise<void> {
  // Out of exports: this delivery posts why it was skipped instead of the report.
  const claim = await claimExport(ctx, s.guild_id, Date.now(), run.idempotencyKey).catch((err: unknown) => {
    if (isRefusal(err)) return err;
    throw err;
  });
  const nonce = createHash('sha256').update(run.idempotencyKey).digest('hex').slice(0, 25);
  // ctx.discord throws when the bot is not connected or the target cannot be reached: the job retries (until the
  // failure is final, see deliveryFailure).
  const send = (message: DiscordMessage) => (s.target_kind === 'dm' ? ctx.discord.dm(s.target_id, message) : ctx.discord.send(s.target_id, message));
  if (!isRefusal(claim)) {
    const table = await runReport(ctx, s.guild_id, report.definition, report.name);
    const file = await exportFile(table, s.format);
    await send({
      nonce,
      enforceNonce: true,
      embeds: [{ title: `Scheduled report: ${report.name}`, description: `${table.rows.length} rows · ${s.cadence} · ${s.format.toUpperCase()}`, color: 0x3b82f6 }],
      files: [new AttachmentBuilder(file.data, { name: file.name })],
    });
  } else {
    await send({ nonce, enforceNonce: true, embeds: [{ title: `Scheduled report "${report.name}" skipped`, description: claim.message, color: 0xf59e0b }] });
  }
}
