import { definePlugin } from 'dbsbm';
import { performanceCommand } from './commands/performance-command.ts';
import { AlertStateSchema } from './entities/alert-state.ts';
import { PerformanceMetricSchema } from './entities/performance-metric.ts';
import { createPerformanceTables } from './migrations/Migration20261207000000_performance.ts';
import { performanceOptions } from './options.ts';
import { alertEmbed, type AlertNotice } from './services/alert-notice.ts';
import { NOTIFY_JOB } from './services/alerts.ts';
import { downsample } from './services/downsample.ts';
import { registerPrometheus } from './services/prometheus.ts';
import { minuteRollup } from './services/rollup.ts';
import { samplerOf, startSampler, stopSampler } from './services/sampler.ts';

/**
 * Performance (seed 3.4.2): minute roll-ups of the bot's key figures in `performance_metrics`, downsampled to hours,
 * alert rules that tell the bot owner and publish `system.health`, and `/performance` for the bot owner.
 * An operator's plugin: on for every server, the command answers bot owners only. See README.md beside this file.
 */
export default definePlugin({
  name: 'performance',
  version: '1.0.0',
  description: 'Latency, queue, pool, cache and process figures with alerts, for whoever runs the bot',
  tier: 'free',
  options: performanceOptions,
  entities: [PerformanceMetricSchema, AlertStateSchema],
  migrations: [createPerformanceTables],
  commands: (ctx) => [performanceCommand(ctx)],
  events: ['system.health'],
  jobs: {
    downsample: { cron: '0 5 * * * *', maxAttempts: 3, handler: async (run, ctx) => void (await downsample(ctx, (run.payload as { tickAt?: number }).tickAt ?? Date.now())) },
    [NOTIFY_JOB]: {
      maxAttempts: 6,
      handler: async (run, ctx) => {
        const notice = run.payload as AlertNotice;
        await ctx.discord.dm(notice.userId, { embeds: [alertEmbed(notice)] });
      },
    },
  },
  async setup(ctx) {
    if (ctx.options.sampler) await startSampler(ctx, (sampler, now) => minuteRollup(ctx, sampler, now));
    registerPrometheus(ctx, () => samplerOf(ctx));
  },
  teardown(ctx) {
    stopSampler(ctx);
  },
});
