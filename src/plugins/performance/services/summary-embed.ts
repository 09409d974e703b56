import { Colors, safeEmbed, type SafeEmbedBuilder } from 'dbsbm';
import type { AlertState } from '../entities/alert-state.ts';
import type { AlertRule } from '../options.ts';
import { DELIVERY_JOB, METRICS, type MetricName } from './catalogue.ts';
import { formatValue } from './format.ts';
import type { MetricRow } from './metric-rows.ts';
import { seriesLabel } from './series.ts';

const TOP = 5;

const of = (rows: readonly MetricRow[], metric: MetricName): MetricRow[] => rows.filter((r) => r.metric === metric);
const fmt = (metric: MetricName, value: number): string => formatValue(value, METRICS[metric].unit);
const total = (rows: readonly MetricRow[], metric: MetricName): MetricRow | undefined => of(rows, metric).find((r) => r.series === '');

function commandsField(rows: readonly MetricRow[]): string {
  const p99 = of(rows, 'command.latency.p99').sort((a, b) => b.value - a.value);
  if (p99.length === 0) return 'No commands ran in the last minutes.';
  const rate = new Map(of(rows, 'command.rate').map((r) => [r.series, r.value]));
  return p99
    .slice(0, TOP)
    .map((r) => `\`${r.tags.command}\` p99 ${fmt('command.latency.p99', r.value)} · ${fmt('command.rate', rate.get(r.series) ?? 0)}`)
    .join('\n');
}

function apiField(rows: readonly MetricRow[]): string {
  const p99 = of(rows, 'api.latency.p99');
  if (p99.length === 0) return 'No API requests in the last minutes.';
  const worst = (m: MetricName): number => Math.max(...of(rows, m).map((r) => r.value));
  const rate = of(rows, 'api.rate').reduce((s, r) => s + r.value, 0);
  return `p50 ${fmt('api.latency.p50', worst('api.latency.p50'))} · p95 ${fmt('api.latency.p95', worst('api.latency.p95'))} · p99 ${fmt('api.latency.p99', worst('api.latency.p99'))}\n${fmt('api.rate', rate)}`;
}

function queueField(rows: readonly MetricRow[]): string {
  const depth = total(rows, 'jobs.queue.depth');
  const age = total(rows, 'jobs.queue.age');
  const deliveries = of(rows, 'jobs.done.rate')
    .filter((r) => r.tags.job === DELIVERY_JOB)
    .reduce((s, r) => s + r.value, 0);
  const queue = depth ? `${fmt('jobs.queue.depth', depth.value)} due · oldest waited ${fmt('jobs.queue.age', age?.value ?? 0)}` : 'Not measured yet.';
  return `${queue}\nWebhook deliveries ${fmt('jobs.done.rate', deliveries)}`;
}

function poolField(rows: readonly MetricRow[]): string {
  const usage = of(rows, 'db.pool.usage');
  if (usage.length === 0) return 'Not measured yet.';
  const pending = new Map(of(rows, 'db.pool.pending').map((r) => [r.tags.instance, r.value]));
  return usage.slice(0, TOP).map((r) => `${seriesLabel(r.tags)}: ${fmt('db.pool.usage', r.value)} in use · ${fmt('db.pool.pending', pending.get(r.tags.instance) ?? 0)} waiting`).join('\n');
}

function cacheField(rows: readonly MetricRow[]): string {
  const rates = of(rows, 'cache.hit_rate').sort((a, b) => a.value - b.value);
  if (rates.length === 0) return 'Too few cache reads in the last minutes.';
  return rates.slice(0, TOP).map((r) => `\`${r.tags.namespace}\` ${fmt('cache.hit_rate', r.value)}`).join('\n');
}

function processField(rows: readonly MetricRow[]): string {
  const heap = of(rows, 'heap.used');
  if (heap.length === 0) return 'Not measured yet.';
  const lag = new Map(of(rows, 'eventloop.lag.p99').map((r) => [r.tags.instance, r.value]));
  const gc = new Map(of(rows, 'gc.pause').map((r) => [r.tags.instance, r.value]));
  return heap
    .slice(0, TOP)
    .map((r) => {
      const l = lag.get(r.tags.instance);
      return `${seriesLabel(r.tags)}: loop lag p99 ${l === undefined ? '–' : fmt('eventloop.lag.p99', l)} · heap ${fmt('heap.used', r.value)} · GC ${fmt('gc.pause', gc.get(r.tags.instance) ?? 0)}`;
    })
    .join('\n');
}

function alertsField(rules: readonly AlertRule[], states: ReadonlyMap<string, AlertState>): string {
  const firing = rules.filter((r) => states.get(r.name)?.state === 'firing');
  if (firing.length === 0) return `None firing (${rules.length} rule${rules.length === 1 ? '' : 's'} watched).`;
  return firing
    .map((r) => {
      const since = Math.floor((states.get(r.name)!.since ?? 0) / 1000);
      return `🔴 **${r.name}**: \`${r.metric}\` ${r.comparator} ${fmt(r.metric, r.threshold)} since <t:${since}:R>`;
    })
    .join('\n');
}

/** `/performance`'s embed: the newest figure of each kind, worst first, and the alerts firing. */
export function summaryEmbed(rows: readonly MetricRow[], rules: readonly AlertRule[], states: ReadonlyMap<string, AlertState>, now: number): SafeEmbedBuilder {
  const firing = rules.some((r) => states.get(r.name)?.state === 'firing');
  const newest = rows.reduce((m, r) => Math.max(m, r.timestamp), 0);
  return safeEmbed()
    .setColor(firing ? Colors.error : Colors.success)
    .setTitle(firing ? 'Performance: alerts firing' : 'Performance: all clear')
    .setDescription(newest ? `Minute roll-ups, newest from <t:${Math.floor(newest / 1000)}:t>. Charts: the last hour.` : 'No minute figures yet: the first roll-up is written a minute after the bot starts.')
    .addFields(
      { name: 'Alerts', value: alertsField(rules, states) },
      { name: 'Slowest commands', value: commandsField(rows) },
      { name: 'HTTP API', value: apiField(rows), inline: true },
      { name: 'Job queue', value: queueField(rows), inline: true },
      { name: 'Database pool', value: poolField(rows) },
      { name: 'Cache hit rate (lowest)', value: cacheField(rows), inline: true },
      { name: 'Process', value: processField(rows) },
    )
    .setFooter({ text: 'Also on /metrics (Prometheus) · figures in performance_metrics' })
    .setTimestamp(now);
}
