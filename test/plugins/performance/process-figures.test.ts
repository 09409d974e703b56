import test from 'ava';
import { Metrics } from '../../../src/core/metrics/registry.ts';
import { processFigures, takeSnapshot } from '../../../src/plugins/performance/services/process-figures.ts';
import type { Figure } from '../../../src/plugins/performance/services/catalogue.ts';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 1);
/** Milliseconds to the microsecond: bucket bounds in seconds times 1000 are not exact in binary. */
const round = (v: number | undefined): number | undefined => (v === undefined ? v : Math.round(v * 1000) / 1000);
const find = (figures: Figure[], metric: string, tag: Record<string, string> = {}): number | undefined =>
  figures.find((f) => f.metric === metric && Object.entries(tag).every(([k, v]) => f.tags[k] === v))?.value;

test("a minute's figures come from what the core's metrics counted in that minute", async (t) => {
  const m = new Metrics();
  // Before the first reading: not this minute's.
  for (let i = 0; i < 5; i++) m.commandDuration.observe({ command: 'bet place', plugin: 'betting' }, 3);
  const before = await takeSnapshot(m.registry, T0, { eventLoopP99Ms: null, heapUsedBytes: 0 });

  for (let i = 0; i < 10; i++) m.commandDuration.observe({ command: 'bet place', plugin: 'betting' }, 0.03);
  for (let i = 0; i < 4; i++) m.httpDuration.observe({ method: 'GET', route: '/api/v1/betting/games', status: '200' }, 0.2);
  for (let i = 0; i < 50; i++) m.httpDuration.observe({ method: 'GET', route: '/livez', status: '200' }, 2);
  m.jobs.inc({ plugin: 'webhooks', name: 'deliver', outcome: 'done' }, 120);
  m.jobs.inc({ plugin: 'webhooks', name: 'deliver', outcome: 'retried' }, 7);
  m.cacheOps.inc({ namespace: 'betting', result: 'hit' }, 18);
  m.cacheOps.inc({ namespace: 'betting', result: 'miss' }, 2);
  m.cacheOps.inc({ namespace: 'ml', result: 'hit' }, 3);
  const after = await takeSnapshot(m.registry, T0 + 60_000, { eventLoopP99Ms: 12.5, heapUsedBytes: 64 * 1_048_576 });

  const figures = processFigures(before, after, { instance: 'abcd1234', minCacheReads: 20 });
  const cmd = { command: 'bet place', instance: 'abcd1234' };
  // 10 observations in the (25 ms, 50 ms] bucket: linear inside it.
  t.is(round(find(figures, 'command.latency.p50', cmd)), 37.5);
  t.is(round(find(figures, 'command.latency.p99', cmd)), 49.75);
  t.is(find(figures, 'command.rate', cmd), 10 / 60);
  // Only /api/ routes: /livez's slow answers are left out.
  t.is(round(find(figures, 'api.latency.p50')), 175);
  t.is(find(figures, 'api.rate'), 4 / 60);
  t.is(find(figures, 'jobs.done.rate', { job: 'webhooks/deliver' }), 2);
  t.is(find(figures, 'cache.hit_rate', { namespace: 'betting' }), 90);
  t.is(find(figures, 'cache.hit_rate', { namespace: 'ml' }), undefined, 'three reads are too few to judge');
  t.is(find(figures, 'eventloop.lag.p99'), 12.5);
  t.is(find(figures, 'heap.used'), 64);
  t.true(find(figures, 'gc.pause')! >= 0);
  t.true(figures.every((f) => f.tags.instance === 'abcd1234'));
});

test('a quiet minute writes no latency (a latency of nothing is not zero)', async (t) => {
  const m = new Metrics();
  m.commandDuration.observe({ command: 'stats', plugin: 'betting' }, 0.01);
  const a = await takeSnapshot(m.registry, T0, { eventLoopP99Ms: null, heapUsedBytes: 1 });
  const b = await takeSnapshot(m.registry, T0 + 60_000, { eventLoopP99Ms: null, heapUsedBytes: 1 });
  const figures = processFigures(a, b, { instance: 'x', minCacheReads: 20 });
  t.is(find(figures, 'command.latency.p99'), undefined);
  t.is(find(figures, 'api.latency.p99'), undefined);
  t.is(find(figures, 'eventloop.lag.p99'), undefined);
  t.truthy(find(figures, 'heap.used'));
});
