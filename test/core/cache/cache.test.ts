import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp } from '../../helpers/app.ts';

test('each plugin has its own cache namespace, and hits and misses are counted', async (t) => {
  const app = await bootApp(t, [{ plugin: definePlugin({ name: 'one', version: '1.0.0' }) }, { plugin: definePlugin({ name: 'two', version: '1.0.0' }) }]);
  const one = app.contextOf('one')!.cache;
  const two = app.contextOf('two')!.cache;
  await one.set('k', { v: 1 });
  t.deepEqual(await one.get('k'), { v: 1 });
  t.is(await two.get('k'), undefined);
  let computed = 0;
  const compute = async () => ++computed;
  t.is(await two.wrap('w', 60_000, compute), 1);
  t.is(await two.wrap('w', 60_000, compute), 1);
  const metrics = await app.metrics.registry.getSingleMetricAsString('dbsbm_cache_operations_total');
  t.regex(metrics, /namespace="one",result="hit"} 1/);
  t.regex(metrics, /namespace="two",result="miss"} 2/);
  t.regex(metrics, /namespace="two",result="hit"} 1/);
});
