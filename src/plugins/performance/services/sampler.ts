import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { PerformanceContext } from './context.ts';
import { insertRows, minuteOf, minuteRows } from './metric-rows.ts';
import { processFigures, takeSnapshot, type Snapshot } from './process-figures.ts';

/** What runs once a minute beside the sampling (the roll-up: see rollup.ts). */
export type MinuteWork = (sampler: Sampler, now: number) => Promise<unknown>;

/**
 * Measures this process and writes the figures of each minute. Every instance runs one on a timer of its own, not
 * as a durable job: a process's figures can only be read in that process, and a queue that is stuck must not stop
 * the figures (and the alert on the stuck queue) from being written.
 */
export class Sampler {
  #prev?: Snapshot;
  #timer?: NodeJS.Timeout;
  #lastLagP99Ms: number | null = null;
  readonly #monitor: IntervalHistogram;
  readonly #instance: string;

  constructor(
    private readonly ctx: PerformanceContext,
    private readonly work: MinuteWork = (s, now) => s.sample(now),
  ) {
    this.#instance = ctx.instanceId.slice(0, 8);
    // Its own monitor, read and reset once a minute: prom-client's is reset by whoever scrapes /metrics.
    this.#monitor = monitorEventLoopDelay({ resolution: 20 });
    this.#monitor.enable();
  }

  /** This process's short id in the `instance` tag. */
  get instance(): string {
    return this.#instance;
  }

  /** The event-loop delay p99 of the last minute sampled (ms), for `/metrics`. */
  get lastLagP99Ms(): number | null {
    return this.#lastLagP99Ms;
  }

  /** Takes the first reading and runs the minute's work just after every minute from then on. */
  async start(now = Date.now()): Promise<void> {
    await this.sample(now);
    const tick = (): void => {
      this.work(this, Date.now()).catch((err: unknown) => this.ctx.logger.warn({ err }, 'performance: the minute roll-up failed'));
    };
    // A second past each minute, so a minute's row covers that minute.
    const first = minuteOf(now) + 61_000 - now;
    this.#timer = setTimeout(() => {
      tick();
      this.#timer = setInterval(tick, 60_000);
      this.#timer.unref();
    }, first);
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#monitor.disable();
  }

  /**
   * Reads the process now and writes the figures of the time since the previous reading, as the rows of the minute
   * that time mostly fell in. The first reading only sets the baseline. Returns the rows written.
   */
  async sample(now = Date.now()): Promise<number> {
    const lag = this.#monitor.count > 0 ? this.#monitor.percentile(99) / 1e6 : null;
    this.#monitor.reset();
    const cur = await takeSnapshot(this.ctx.metrics.registry, now, { eventLoopP99Ms: lag, heapUsedBytes: process.memoryUsage().heapUsed });
    const prev = this.#prev;
    this.#prev = cur;
    if (!prev || cur.at <= prev.at) return 0;
    this.#lastLagP99Ms = lag;
    const figures = processFigures(prev, cur, { instance: this.#instance, minCacheReads: this.ctx.options.minCacheReads });
    const rows = minuteRows(figures, minuteOf((prev.at + cur.at) / 2));
    await insertRows(this.ctx, rows);
    return rows.length;
  }
}

// One sampler per running app (keyed by the plugin's context), not per process: tests run several apps in one.
const samplers = new WeakMap<object, Sampler>();

/** Starts the sampler of a plugin context (setup), doing `work` every minute. */
export async function startSampler(ctx: PerformanceContext, work: MinuteWork): Promise<Sampler> {
  const sampler = new Sampler(ctx, work);
  samplers.set(ctx, sampler);
  await sampler.start();
  return sampler;
}

/** The running sampler of a context, if the option is on. */
export const samplerOf = (ctx: PerformanceContext): Sampler | undefined => samplers.get(ctx);

/** Stops it (teardown). */
export function stopSampler(ctx: PerformanceContext): void {
  samplers.get(ctx)?.stop();
  samplers.delete(ctx);
}
