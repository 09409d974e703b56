import { Gauge } from 'prom-client';
import type { PerformanceContext } from './context.ts';
import { alertStates } from './alerts.ts';
import type { Sampler } from './sampler.ts';

/**
 * The plugin's figures on `/metrics`, beside the core's (command and HTTP latency histograms, jobs, cache, pool,
 * Node's defaults): the job queue (read from the database at each scrape: the same on every instance), the
 * event-loop delay of the last minute, and which alert rules are firing.
 */
export function registerPrometheus(ctx: PerformanceContext, sampler: () => Sampler | undefined): void {
  const registers = [ctx.metrics.registry];
  const quiet = (err: unknown): void => ctx.logger.debug({ err }, 'performance: a /metrics figure could not be read');
  new Gauge({
    name: 'dbsbm_jobs_queue_depth',
    help: 'Durable jobs due and waiting for a worker, by plugin (whole deployment)',
    labelNames: ['plugin'],
    registers,
    async collect() {
      this.reset();
      try {
        for (const q of await ctx.jobs.queue()) this.set({ plugin: q.plugin }, q.due);
      } catch (err) {
        quiet(err);
      }
    },
  });
  new Gauge({
    name: 'dbsbm_jobs_queue_oldest_age_seconds',
    help: 'How long the longest-waiting due job has waited, by plugin (whole deployment)',
    labelNames: ['plugin'],
    registers,
    async collect() {
      this.reset();
      try {
        const now = Date.now();
        for (const q of await ctx.jobs.queue(now)) this.set({ plugin: q.plugin }, q.oldestDueAt === null ? 0 : Math.max(0, (now - q.oldestDueAt) / 1000));
      } catch (err) {
        quiet(err);
      }
    },
  });
  new Gauge({
    name: 'dbsbm_eventloop_lag_p99_seconds',
    help: 'Event-loop delay p99 over the last minute sampled (prom-client nodejs_eventloop_lag_p99_seconds covers the time since the last scrape)',
    registers,
    collect() {
      const ms = sampler()?.lastLagP99Ms;
      if (ms !== null && ms !== undefined) this.set(ms / 1000);
    },
  });
  new Gauge({
    name: 'dbsbm_performance_alert_firing',
    help: '1 while an alert rule of the performance plugin fires, else 0',
    labelNames: ['rule'],
    registers,
    async collect() {
      try {
        const states = await alertStates(ctx);
        for (const rule of ctx.options.rules) this.set({ rule: rule.name }, states.get(rule.name)?.state === 'firing' ? 1 : 0);
      } catch (err) {
        quiet(err);
      }
    },
  });
}
