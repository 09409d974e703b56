import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp } from '../../helpers/app.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';

declare module '../../../src/index.ts' {
  interface DbsbmEvents {
    'test.ping': { guildId: string; n: number };
  }
}

const REDIS_URL = testRedisUrl();
// Probed before any test is declared (see needs); without Redis the cross-instance pair is one skipped line.
const redis = await needs(['redis']);

function listener(name: string, onPing: (n: number) => void, extra: Record<string, unknown> = {}) {
  return definePlugin({ name, version: '1.0.0', subscribers: { 'test.ping': ({ n }) => onPing(n) }, ...extra });
}

test('a throwing subscriber is logged and does not stop the others', async (t) => {
  const got: number[] = [];
  const thrower = listener('thrower', () => {
    throw new Error('boom');
  });
  const good = listener('good', (n) => got.push(n));
  const app = await bootApp(t, [{ plugin: thrower }, { plugin: good }]);
  await app.bus.publish('test.ping', { guildId: '100000001', n: 1 });
  t.deepEqual(got, [1]);
  const metrics = await app.metrics.registry.getSingleMetricAsString('dbsbm_events_total');
  t.regex(metrics, /event="test.ping",outcome="failed"} 1/);
});

test("subscribers of a plugin do not run for a guild where it is off or the tier is too low", async (t) => {
  const got: string[] = [];
  const free = listener('freebie', () => got.push('freebie'));
  const paid = listener('paid', () => got.push('paid'), { tier: 'platinum' });
  const app = await bootApp(t, [{ plugin: free }, { plugin: paid }]);
  const guildId = '100000002';
  await app.bus.publish('test.ping', { guildId, n: 1 });
  t.deepEqual(got, ['freebie'], 'platinum plugin gated on a free guild');
  await app.settings.setEnabled(guildId, 'freebie', false);
  await app.settings.setTier(guildId, 'platinum');
  got.length = 0;
  await app.bus.publish('test.ping', { guildId, n: 2 });
  t.deepEqual(got, ['paid']);
});

redis.tests(test, (test) => {
  test('with Redis, an event published on one instance reaches the subscribers of another', async (t) => {
    const onA: number[] = [];
    const onB: number[] = [];
    const a = await bootApp(t, [{ plugin: listener('echo', (n) => onA.push(n)) }], { env: { REDIS_URL } });
    const b = await bootApp(t, [{ plugin: listener('echo', (n) => onB.push(n)) }], { env: { REDIS_URL }, databaseUrl: a.config.DATABASE_URL });
    const arrived = b.bus.next('test.ping');
    await a.bus.publish('test.ping', { guildId: '100000003', n: 7 });
    const { payload, meta } = await arrived;
    t.is(payload.n, 7);
    t.is(meta.origin, a.instanceId);
    t.deepEqual(onA, [7], 'delivered once locally');
    await new Promise((r) => setTimeout(r, 50));
    t.deepEqual(onB, [7], 'delivered once remotely');
  });

  test('a change on one instance drops the cached gate answer on the others', async (t) => {
    const onB: number[] = [];
    const a = await bootApp(t, [{ plugin: listener('echo', () => undefined) }], { env: { REDIS_URL } });
    const b = await bootApp(t, [{ plugin: listener('echo', (n) => onB.push(n)) }], { env: { REDIS_URL }, databaseUrl: a.config.DATABASE_URL });
    const guildId = '100000004';
    await b.bus.publish('test.ping', { guildId, n: 1 });
    t.deepEqual(onB, [1], 'B has cached "on"');
    const changed = b.bus.next('core.guild.changed');
    await a.settings.setEnabled(guildId, 'echo', false);
    await changed;
    await b.bus.publish('test.ping', { guildId, n: 2 });
    t.deepEqual(onB, [1], 'B sees the plugin off without restarting');
  });

  test('a durable event runs its subscribers once per deployment, and everyInstance subscribers on every instance (bug: fan-out ran N times)', async (t) => {
    const shared: string[] = [];
    const local: string[] = [];
    const plugin = (who: string) =>
      definePlugin({
        name: 'echo',
        version: '1.0.0',
        events: ['test.ping'],
        subscribers: { 'test.ping': () => void shared.push(who) },
        setup(ctx) {
          ctx.events.subscribe('test.ping', () => void local.push(who), { everyInstance: true });
        },
      });
    const a = await bootApp(t, [{ plugin: plugin('a') }], { env: { REDIS_URL } });
    const b = await bootApp(t, [{ plugin: plugin('b') }], { env: { REDIS_URL }, databaseUrl: a.config.DATABASE_URL });
    const onB = b.bus.next('test.ping');
    const ctx = a.contextOf('echo')!;
    await ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'test.ping', { guildId: '100000005', n: 1 }));
    await a.jobs.drain();
    await onB;
    await new Promise((r) => setTimeout(r, 100));
    t.deepEqual(shared, ['a'], 'the shared effect ran once, where the job ran');
    t.deepEqual([...local].sort(), ['a', 'b'], 'the per-instance subscriber ran on both');
  });
});
