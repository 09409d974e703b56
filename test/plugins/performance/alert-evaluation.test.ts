import test from 'ava';
import { judgeRule } from '../../../src/plugins/performance/services/alert-evaluation.ts';
import type { MetricRow } from '../../../src/plugins/performance/services/metric-rows.ts';
import { seriesKey } from '../../../src/plugins/performance/services/series.ts';
import type { AlertRule } from '../../../src/plugins/performance/options.ts';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 30);
const MIN = 60_000;
const minute = (ago: number): number => Date.UTC(2026, 11, 7, 12, 0) - ago * MIN;
const row = (ago: number, value: number, tags: Record<string, string> = { command: 'bet place' }, metric = 'command.latency.p99'): MetricRow => ({
  metric,
  value,
  max: value,
  samples: 1,
  unit: 'ms',
  tags,
  series: seriesKey(tags),
  resolution: 60,
  timestamp: minute(ago),
});
const slow: AlertRule = { name: 'slow', metric: 'command.latency.p99', comparator: '>', threshold: 1000, forMinutes: 3, tags: {} };

test('fires when each of the last N minutes breaches, and names the worst value and series', (t) => {
  const v = judgeRule(slow, [row(3, 5000), row(2, 1200), row(1, 1500), row(0, 1100), row(0, 20, { command: 'stats' })], NOW);
  t.true(v.breaching);
  t.is(v.value, 1500, 'the worst of the window, not of older minutes');
  t.deepEqual(v.tags, { command: 'bet place' });
});

test('one good minute in the window, a gap, too few minutes or a stale series do not fire', (t) => {
  t.false(judgeRule(slow, [row(2, 1200), row(1, 900), row(0, 1100)], NOW).breaching, 'a good minute');
  t.false(judgeRule(slow, [row(3, 1200), row(1, 1300), row(0, 1100)], NOW).breaching, 'a missing minute');
  t.false(judgeRule(slow, [row(1, 1300), row(0, 1100)], NOW).breaching, 'two of three minutes');
  t.false(judgeRule(slow, [row(6, 1200), row(5, 1300), row(4, 1100)], NOW).breaching, 'nothing for four minutes');
});

test('the comparator and tags are honoured; a resolved verdict carries the newest value', (t) => {
  const hit: AlertRule = { name: 'hits', metric: 'cache.hit_rate', comparator: '<', threshold: 90, forMinutes: 2, tags: { namespace: 'betting' } };
  const rows = [row(1, 50, { namespace: 'betting' }, 'cache.hit_rate'), row(0, 80, { namespace: 'betting' }, 'cache.hit_rate'), row(1, 10, { namespace: 'ml' }, 'cache.hit_rate'), row(0, 10, { namespace: 'ml' }, 'cache.hit_rate')];
  const v = judgeRule(hit, rows, NOW);
  t.true(v.breaching);
  t.is(v.value, 50);
  t.deepEqual(v.tags, { namespace: 'betting' });
  const better = judgeRule(hit, [row(1, 50, { namespace: 'betting' }, 'cache.hit_rate'), row(0, 97, { namespace: 'betting' }, 'cache.hit_rate')], NOW);
  t.false(better.breaching);
  t.is(better.value, 97);
});
