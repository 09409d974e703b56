/**
 * Every figure the performance plugin records, with its unit and meaning: the names in `performance_metrics`
 * (`metric_name`), in alert rules and on `/performance`. Tags say which series a row is (`command`, `namespace`,
 * `plugin`, `job`; `instance` on figures each process measures for itself).
 */
export const METRICS = {
  'command.latency.p50': { unit: 'ms', help: 'Slash command run time, median, by command' },
  'command.latency.p95': { unit: 'ms', help: 'Slash command run time, 95th percentile, by command' },
  'command.latency.p99': { unit: 'ms', help: 'Slash command run time, 99th percentile, by command' },
  'command.rate': { unit: '/s', help: 'Slash commands run per second, by command' },
  'api.latency.p50': { unit: 'ms', help: 'HTTP API (/api/v1) request time, median' },
  'api.latency.p95': { unit: 'ms', help: 'HTTP API (/api/v1) request time, 95th percentile' },
  'api.latency.p99': { unit: 'ms', help: 'HTTP API (/api/v1) request time, 99th percentile' },
  'api.rate': { unit: '/s', help: 'HTTP API (/api/v1) requests per second' },
  'jobs.queue.depth': { unit: 'jobs', help: 'Durable jobs due and waiting for a worker, by plugin (no tag: all plugins)' },
  'jobs.queue.age': { unit: 's', help: 'How long the longest-waiting due job has waited, by plugin (no tag: all plugins)' },
  'jobs.done.rate': { unit: '/s', help: 'Durable jobs finished per second, by job (`webhooks/deliver` is webhook deliveries per second)' },
  'db.pool.usage': { unit: '%', help: 'Database pool connections in use, of the most it may open' },
  'db.pool.pending': { unit: 'queries', help: 'Queries waiting for a database connection' },
  'cache.hit_rate': { unit: '%', help: 'Cache reads answered from the cache, by namespace (minutes with enough reads only)' },
  'eventloop.lag.p99': { unit: 'ms', help: 'Event-loop delay, 99th percentile' },
  'heap.used': { unit: 'MB', help: 'V8 heap in use' },
  'gc.pause': { unit: 'ms/min', help: 'Time spent in garbage collection, per minute' },
} as const satisfies Record<string, { unit: string; help: string }>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];

/** One figure for one minute: a metric, its value and the series it belongs to. */
export interface Figure {
  metric: MetricName;
  value: number;
  tags: Record<string, string>;
}

/** The job whose completions are webhook deliveries (shown as "deliveries/s"). */
export const DELIVERY_JOB = 'webhooks/deliver';
