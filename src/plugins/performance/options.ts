import { z } from 'zod';
import { METRIC_NAMES } from './services/catalogue.ts';

/**
 * An alert rule: fires when every minute of `metric` in the last `forMinutes` minutes compares to `threshold` as
 * `comparator` says, for any series whose tags include `tags`; resolves at the first minute that does not.
 * @example { name: 'slow-commands', metric: 'command.latency.p99', comparator: '>', threshold: 1000, forMinutes: 5 }
 */
export const alertRuleSchema = z.object({
  /** Names the rule in notices and on `system.health` (lowercase letters, digits and dashes). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a rule name is lowercase letters, digits and dashes (up to 64)'),
  metric: z.enum(METRIC_NAMES),
  comparator: z.enum(['>', '>=', '<', '<=']),
  threshold: z.number().finite(),
  /** Minutes the figure must breach in a row before the rule fires. */
  forMinutes: z.number().int().min(1).max(1440),
  /** Only series with these tags (e.g. `{ namespace: 'betting' }`). @default every series */
  tags: z.record(z.string(), z.string()).default({}),
});
export type AlertRule = z.output<typeof alertRuleSchema>;

/** The rules in force when plugins.config.ts names none (the examples, and two of the process's health). */
export const DEFAULT_RULES: AlertRule[] = [
  { name: 'slow-commands', metric: 'command.latency.p99', comparator: '>', threshold: 1000, forMinutes: 5, tags: {} },
  { name: 'slow-api', metric: 'api.latency.p99', comparator: '>', threshold: 1000, forMinutes: 5, tags: {} },
  { name: 'stuck-queue', metric: 'jobs.queue.age', comparator: '>', threshold: 60, forMinutes: 2, tags: {} },
  { name: 'cache-misses', metric: 'cache.hit_rate', comparator: '<', threshold: 90, forMinutes: 10, tags: {} },
  { name: 'event-loop-lag', metric: 'eventloop.lag.p99', comparator: '>', threshold: 200, forMinutes: 5, tags: {} },
  { name: 'db-pool-waiting', metric: 'db.pool.pending', comparator: '>', threshold: 0, forMinutes: 5, tags: {} },
];

/** Options of the performance plugin (plugins.config.ts). */
export const performanceOptions = z.object({
  /** The alert rules; replaces the defaults when given. */
  rules: z
    .array(alertRuleSchema)
    .default(DEFAULT_RULES)
    .refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, { message: 'alert rule names must be unique' }),
  /**
   * Roll up every minute on a timer of each instance (figures, queue, alert rules). Off, nothing is measured unless
   * called (tests drive the roll-up with a clock of their own).
   */
  sampler: z.boolean().default(true),
  /** Hours minute rows are kept before they are folded into hourly rows. */
  minuteRetentionHours: z.number().int().min(1).max(24 * 14).default(48),
  /** Days hourly rows are kept. */
  hourRetentionDays: z.number().int().min(1).max(3650).default(30),
  /** A namespace's cache hit rate is written for minutes with at least this many reads (a few misses of a quiet cache are noise). */
  minCacheReads: z.number().int().min(1).default(20),
});
export type PerformanceOptions = z.output<typeof performanceOptions>;
