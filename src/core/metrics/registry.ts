import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of one running instance. Each app gets its own registry (not prom-client's global one) so several
 * instances in one process — as in tests — do not collide.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly commandDuration: Histogram<'command' | 'plugin'>;
  readonly cacheOps: Counter<'namespace' | 'result'>;
  readonly jobs: Counter<'plugin' | 'name' | 'outcome'>;
  readonly events: Counter<'event' | 'outcome'>;
  readonly gate: Counter<'result'>;
  readonly redisUp: Gauge;
  readonly redisFallbacks: Counter<'component'>;
  readonly processErrors: Counter<'kind'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'dbsbm_http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    // By the full command path (`bet place`): a bounded set, as commands are registered in code.
    this.commandDuration = new Histogram({
      name: 'dbsbm_command_duration_seconds',
      help: 'Slash command run time in seconds (from the command starting to its handler returning), by command path and plugin',
      labelNames: ['command', 'plugin'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.cacheOps = new Counter({
      name: 'dbsbm_cache_operations_total',
      help: 'Cache reads by namespace and result (hit or miss)',
      labelNames: ['namespace', 'result'],
      registers: [this.registry],
    });
    this.jobs = new Counter({
      name: 'dbsbm_jobs_total',
      help: 'Durable jobs by plugin, name and outcome (enqueued, done, retried, dead, skipped, unrecorded: the outcome could not be written and the job runs again)',
      labelNames: ['plugin', 'name', 'outcome'],
      registers: [this.registry],
    });
    this.events = new Counter({
      name: 'dbsbm_events_total',
      help: 'Events by name and outcome (published, delivered, failed, gated)',
      labelNames: ['event', 'outcome'],
      registers: [this.registry],
    });
    this.gate = new Counter({
      name: 'dbsbm_gate_lookups_total',
      help: 'Gate lookups by cache result',
      labelNames: ['result'],
      registers: [this.registry],
    });
    this.redisUp = new Gauge({
      name: 'dbsbm_redis_up',
      help: '1 while Redis answers, 0 while the instance runs degraded (memory cache, events on this instance only)',
      registers: [this.registry],
    });
    this.redisFallbacks = new Counter({
      name: 'dbsbm_redis_fallbacks_total',
      help: 'Operations served without Redis (cache in memory, events kept on this instance) by component',
      labelNames: ['component'],
      registers: [this.registry],
    });
    this.processErrors = new Counter({
      name: 'dbsbm_process_errors_total',
      help: 'Errors nothing caught (unhandled rejections, uncaught exceptions) that the process survived',
      labelNames: ['kind'],
      registers: [this.registry],
    });
  }
}
