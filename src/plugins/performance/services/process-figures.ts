import type { Registry } from 'prom-client';
import { DELIVERY_JOB, type Figure } from './catalogue.ts';
import { histogramQuantile, type Bucket } from './histogram-quantile.ts';

type Labels = Record<string, string | number | undefined>;
interface Sample {
  metricName?: string;
  labels: Labels;
  value: number;
}

/** The figures of this process that one minute's roll-up reads, at one moment. */
export interface Snapshot {
  at: number;
  values: ReadonlyMap<string, readonly Sample[]>;
  /** Event-loop delay p99 since the previous snapshot (ms), from the plugin's own monitor; null when unknown. */
  eventLoopP99Ms: number | null;
  heapUsedBytes: number;
}

/** The core's and Node's figures a roll-up reads (see src/core/metrics and prom-client's default metrics). */
const READ = [
  'dbsbm_command_duration_seconds',
  'dbsbm_http_request_duration_seconds',
  'dbsbm_jobs_total',
  'dbsbm_cache_operations_total',
  'dbsbm_db_pool_connections',
  'dbsbm_db_pool_max',
  'nodejs_gc_duration_seconds',
] as const;

/**
 * Reads this process's figures from its registry (the one `/metrics` serves), beside the event-loop delay and heap
 * the caller measured. prom-client's own event-loop gauges are reset by every scrape of `/metrics`, so a minute's
 * delay comes from the plugin's monitor instead (see sampler.ts).
 */
export async function takeSnapshot(registry: Registry, at: number, process: { eventLoopP99Ms: number | null; heapUsedBytes: number }): Promise<Snapshot> {
  const values = new Map<string, readonly Sample[]>();
  for (const name of READ) {
    const metric = registry.getSingleMetric(name);
    if (metric) values.set(name, (await metric.get()).values as Sample[]);
  }
  return { at, values, ...process };
}

const labelKey = (labels: Labels): string =>
  Object.keys(labels)
    .filter((k) => k !== 'le' && labels[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(labels[k])}`)
    .join(',');

/** How much a counter (or a histogram's cumulative series) grew between two snapshots; a restart counts from zero. */
const growth = (before: number | undefined, after: number): number => (before === undefined || after < before ? after : after - before);

/** A counter's growth by label set. */
function counterGrowth(prev: Snapshot, cur: Snapshot, name: string): { labels: Labels; delta: number }[] {
  const before = new Map((prev.values.get(name) ?? []).map((s) => [labelKey(s.labels), s.value]));
  return (cur.values.get(name) ?? []).map((s) => ({ labels: s.labels, delta: growth(before.get(labelKey(s.labels)), s.value) }));
}

interface HistogramGrowth {
  labels: Labels;
  buckets: Bucket[];
  count: number;
  sum: number;
}

/** A histogram's growth (its buckets, count and sum over the interval) by label set. */
function histogramGrowth(prev: Snapshot, cur: Snapshot, name: string): HistogramGrowth[] {
  const key = (s: Sample): string => `${s.metricName ?? ''}|${labelKey(s.labels)}|${String(s.labels.le ?? '')}`;
  const before = new Map((prev.values.get(name) ?? []).map((s) => [key(s), s.value]));
  const series = new Map<string, HistogramGrowth>();
  for (const s of cur.values.get(name) ?? []) {
    const id = labelKey(s.labels);
    const h = series.get(id) ?? { labels: Object.fromEntries(Object.entries(s.labels).filter(([k]) => k !== 'le')), buckets: [], count: 0, sum: 0 };
    const delta = growth(before.get(key(s)), s.value);
    if (s.metricName?.endsWith('_bucket')) h.buckets.push({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: delta });
    else if (s.metricName?.endsWith('_count')) h.count = delta;
    else if (s.metricName?.endsWith('_sum')) h.sum = delta;
    series.set(id, h);
  }
  return [...series.values()];
}

/** Several histograms' growth added up (same buckets), e.g. every API route into one. */
function mergeBuckets(list: HistogramGrowth[]): Bucket[] {
  const byLe = new Map<number, number>();
  for (const h of list) for (const b of h.buckets) byLe.set(b.le, (byLe.get(b.le) ?? 0) + b.count);
  return [...byLe].map(([le, count]) => ({ le, count }));
}

const QUANTILES = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/** p50/p95/p99 in ms of a histogram in seconds, as figures of `prefix`. */
function latencyFigures(prefix: 'command.latency' | 'api.latency', buckets: Bucket[], tags: Record<string, string>): Figure[] {
  const out: Figure[] = [];
  for (const [name, q] of QUANTILES) {
    const v = histogramQuantile(q, buckets);
    if (v !== null) out.push({ metric: `${prefix}.${name}`, value: v * 1000, tags });
  }
  return out;
}

const gauge = (cur: Snapshot, name: string, match: (labels: Labels) => boolean = () => true): number | undefined =>
  cur.values.get(name)?.find((s) => match(s.labels))?.value;

/**
 * This process's figures for the interval between two snapshots: latencies and rates from what grew in between,
 * pool, event loop and heap as they stand at the end. Series with no traffic in the interval are left out (a
 * latency of nothing is not zero).
 */
export function processFigures(prev: Snapshot, cur: Snapshot, opts: { instance: string; minCacheReads: number }): Figure[] {
  const seconds = Math.max(1, (cur.at - prev.at) / 1000);
  const instance = { instance: opts.instance };
  const out: Figure[] = [];

  for (const h of histogramGrowth(prev, cur, 'dbsbm_command_duration_seconds')) {
    if (h.count <= 0) continue;
    const tags = { ...instance, command: String(h.labels.command) };
    out.push(...latencyFigures('command.latency', h.buckets, tags), { metric: 'command.rate', value: h.count / seconds, tags });
  }

  // The product's API only: health checks and scrapes of /metrics would drown it.
  const api = histogramGrowth(prev, cur, 'dbsbm_http_request_duration_seconds').filter((h) => String(h.labels.route).startsWith('/api/') && h.count > 0);
  if (api.length) {
    const count = api.reduce((n, h) => n + h.count, 0);
    out.push(...latencyFigures('api.latency', mergeBuckets(api), instance), { metric: 'api.rate', value: count / seconds, tags: instance });
  }

  const done = new Map<string, number>();
  for (const c of counterGrowth(prev, cur, 'dbsbm_jobs_total')) {
    if (c.labels.outcome !== 'done') continue;
    const job = `${String(c.labels.plugin)}/${String(c.labels.name)}`;
    done.set(job, (done.get(job) ?? 0) + c.delta);
  }
  for (const [job, n] of done) if (n > 0 || job === DELIVERY_JOB) out.push({ metric: 'jobs.done.rate', value: n / seconds, tags: { ...instance, job } });

  const reads = new Map<string, { hit: number; miss: number }>();
  for (const c of counterGrowth(prev, cur, 'dbsbm_cache_operations_total')) {
    const ns = String(c.labels.namespace);
    const r = reads.get(ns) ?? { hit: 0, miss: 0 };
    if (c.labels.result === 'hit') r.hit += c.delta;
    else r.miss += c.delta;
    reads.set(ns, r);
  }
  for (const [namespace, r] of reads) {
    if (r.hit + r.miss >= opts.minCacheReads) out.push({ metric: 'cache.hit_rate', value: (100 * r.hit) / (r.hit + r.miss), tags: { ...instance, namespace } });
  }

  const used = gauge(cur, 'dbsbm_db_pool_connections', (l) => l.state === 'used');
  const pending = gauge(cur, 'dbsbm_db_pool_connections', (l) => l.state === 'pending');
  const max = gauge(cur, 'dbsbm_db_pool_max');
  if (used !== undefined && max) out.push({ metric: 'db.pool.usage', value: (100 * used) / max, tags: instance });
  if (pending !== undefined) out.push({ metric: 'db.pool.pending', value: pending, tags: instance });

  if (cur.eventLoopP99Ms !== null) out.push({ metric: 'eventloop.lag.p99', value: cur.eventLoopP99Ms, tags: instance });
  out.push({ metric: 'heap.used', value: cur.heapUsedBytes / 1_048_576, tags: instance });
  // Per minute, whatever the interval was, so minutes compare.
  const gcSeconds = histogramGrowth(prev, cur, 'nodejs_gc_duration_seconds').reduce((s, h) => s + h.sum, 0);
  out.push({ metric: 'gc.pause', value: (gcSeconds * 1000 * 60) / seconds, tags: instance });
  return out;
}
