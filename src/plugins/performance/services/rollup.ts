import { evaluateAlerts, type AlertTransition } from './alerts.ts';
import type { PerformanceContext } from './context.ts';
import { insertRows, minuteOf, minuteRows } from './metric-rows.ts';
import { queueFigures } from './queue-figures.ts';
import type { Sampler } from './sampler.ts';

/**
 * One minute's roll-up, run by every instance's sampler: this process's figures, the job queue's (the same for every
 * instance: the first row written for the minute stays, the others are ignored), then the alert rules. Evaluating
 * on every instance is safe: a rule changes state in a conditional update that only one evaluation wins, so the
 * owner is told once.
 */
export async function minuteRollup(ctx: PerformanceContext, sampler: Sampler | undefined, now = Date.now()): Promise<{ rows: number; transitions: AlertTransition[] }> {
  const own = sampler ? await sampler.sample(now) : 0;
  const queue = minuteRows(queueFigures(await ctx.jobs.queue(now), now), minuteOf(now));
  await insertRows(ctx, queue);
  return { rows: own + queue.length, transitions: await evaluateAlerts(ctx, now) };
}
