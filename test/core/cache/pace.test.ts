import { randomUUID } from 'node:crypto';
import test from 'ava';
import { pino } from 'pino';
import { Counters } from '../../../src/core/cache/counters.ts';
import { RedisLink } from '../../../src/core/cache/redis.ts';
import { Metrics } from '../../../src/core/metrics/registry.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';

const redis = await needs(['redis']);

/** Reserved start times (ms, relative to the first call) of `n` slots taken alternately by `counters`. */
async function reserve(counters: Counters[], n: number, perSecond: number, burst = 1, weight = 1): Promise<number[]> {
  const t0 = Date.now();
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = counters[i % counters.length]!;
    const { waitMs } = await c.pace('sends', perSecond, burst, weight);
    starts.push(Date.now() - t0 + waitMs);
  }
  return starts.sort((a, b) => a - b);
}

/** The most reservations that start in any window of `windowMs`. */
function busiestWindow(starts: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i]! - starts[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

test('in memory: reservations keep to the pace, with the burst allowed at once', async (t) => {
  const starts = await reserve([new Counters('test', 'a')], 200, 50, 5);
  // 50/s with a burst of 5: at most 50 + 5 slots start in any second (a 1 ms rounding margin per slot).
  t.true(busiestWindow(starts, 1000) <= 55 + 1, String(busiestWindow(starts, 1000)));
  const slow = new Counters('test', 'b');
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) waits.push((await slow.pace('s', 5, 5)).waitMs);
  t.deepEqual(waits.slice(0, 5), [0, 0, 0, 0, 0], 'the burst goes at once');
  t.true(waits[5]! > 0 && waits[6]! > waits[5]!, 'then the pace');
});

test('a weight takes that many slots', async (t) => {
  const counters = new Counters('test', 'a');
  const starts = await reserve([counters], 60, 40, 1, 2);
  t.true(busiestWindow(starts, 1000) <= 20 + 1, String(busiestWindow(starts, 1000)));
});

redis.tests(test, (test) => {
test('with Redis, two instances share one pace: together they never exceed it', async (t) => {
  const metrics = new Metrics();
  const links = await Promise.all([0, 1].map(() => RedisLink.open({ url: testRedisUrl(), logger: pino({ level: 'silent' }), metrics })));
  t.teardown(() => Promise.all(links.map((l) => l.close())).then(() => undefined));
  const prefix = `dbsbm:test-pace:${randomUUID()}`;
  const a = new Counters(prefix, 'a', links[0]);
  const b = new Counters(prefix, 'b', links[1]);
  t.is((await a.pace('probe', 1000)).where, 'shared');
  const starts = await reserve([a, b], 300, 100, 10);
  t.true(busiestWindow(starts, 1000) <= 110 + 2, String(busiestWindow(starts, 1000)));
  // Apart, each would have taken its own 100/s: the shared schedule pushes the last start past 1.8 s.
  t.true(starts.at(-1)! >= 1800, String(starts.at(-1)));
});
});
