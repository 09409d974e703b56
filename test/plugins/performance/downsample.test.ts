import test from 'ava';
import performance from '../../../src/plugins/performance/index.ts';
import type { PerformanceContext } from '../../../src/plugins/performance/services/context.ts';
import { downsample } from '../../../src/plugins/performance/services/downsample.ts';
import { insertRows, minuteRows, readRows } from '../../../src/plugins/performance/services/metric-rows.ts';
import { bootApp } from '../../helpers/app.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 12, 5);

test('minute rows past 48 h become hourly rows (mean, worst, count); hourly rows past 30 days go', async (t) => {
  const app = await bootApp(t, [{ plugin: performance, options: { sampler: false } }], { start: false });
  const ctx = app.contextOf('performance') as unknown as PerformanceContext;
  const old = Date.UTC(2026, 11, 5, 9); // 51 hours before NOW: folded into an hour
  const kept = Date.UTC(2026, 11, 5, 13); // 47 hours before: kept as a minute
  const tags = { command: 'bet place', instance: 'a1' };
  for (let m = 0; m < 60; m++) {
    await insertRows(ctx, minuteRows([{ metric: 'command.latency.p99', value: m, tags }, { metric: 'heap.used', value: 100, tags: { instance: 'a1' } }], old + m * 60_000));
  }
  await insertRows(ctx, minuteRows([{ metric: 'command.latency.p99', value: 7, tags }], kept));
  await insertRows(ctx, minuteRows([{ metric: 'heap.used', value: 1, tags: { instance: 'a1' } }], old + 30 * 60_000)); // a duplicate: ignored
  const expired = NOW - 31 * 24 * HOUR;
  await insertRows(ctx, [{ metric: 'heap.used', value: 5, max: 5, samples: 60, unit: 'MB', tags: {}, series: '', resolution: 3600, timestamp: expired }]);

  const result = await downsample(ctx, NOW);
  t.deepEqual(result, { folded: 120, hours: 2, expired: 1 });

  const hours = await readRows(ctx, { metrics: ['command.latency.p99', 'heap.used'], from: 0, to: NOW, resolution: 3600 });
  t.is(hours.length, 2);
  const p99 = hours.find((r) => r.metric === 'command.latency.p99')!;
  t.like(p99, { timestamp: old, value: 29.5, max: 59, samples: 60, unit: 'ms', series: 'command=bet place,instance=a1' });
  t.deepEqual(p99.tags, tags);
  t.like(hours.find((r) => r.metric === 'heap.used'), { value: 100, max: 100, samples: 60 });

  const minutes = await readRows(ctx, { metrics: ['command.latency.p99', 'heap.used'], from: 0, to: NOW });
  t.deepEqual(minutes.map((r) => [r.timestamp, r.value]), [[kept, 7]]);

  t.deepEqual(await downsample(ctx, NOW), { folded: 0, hours: 0, expired: 0 }, 'a second pass finds nothing to do');
});
