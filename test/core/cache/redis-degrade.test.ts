import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { baseUrl, bootApp } from '../../helpers/app.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';
import { startTcpProxy } from '../../helpers/faults/tcp-proxy.ts';

const redis = await needs(['redis']);

const readyz = async (url: string): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> => {
  // A readiness probe that hangs is as bad as a wrong one: the answer must come within 1 s.
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
};

const until = async (check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

redis.tests(test, (test) => {
  test.serial('with Redis unreachable at start, the app starts degraded, serves from memory, and switches to Redis when it answers', async (t) => {
    const target = new URL(testRedisUrl());
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    t.teardown(() => proxy.close());
    proxy.cut('refuse');
    const plugin = definePlugin({ name: 'cachy', version: '1.0.0' });
    // Before the fix, create() waited for Redis forever and the HTTP server never came up.
    const app = await bootApp(t, [{ plugin }], { env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    const down = await readyz(baseUrl(app));
    t.is(down.status, 200);
    t.is(down.body.status, 'degraded');
    t.is(down.body.checks.redis, 'degraded');
    t.is(down.body.checks.database, 'ok');

    const cache = app.contextOf('cachy')!.cache;
    await cache.set('k', 1);
    t.is(await cache.get('k'), 1);
    let delivered = 0;
    app.bus.subscribe('cachy', 'core.ready', () => void (delivered += 1));
    await app.bus.publish('core.ready', { instanceId: 'x' });
    t.is(delivered, 1, 'events still reach this instance');
    const metrics = await app.metrics.registry.metrics();
    t.regex(metrics, /dbsbm_redis_up 0/);
    t.regex(metrics, /dbsbm_redis_fallbacks_total\{component="cache"\} [1-9]/);
    t.regex(metrics, /dbsbm_redis_fallbacks_total\{component="bus"\} [1-9]/);

    proxy.restore();
    await until(async () => (await readyz(baseUrl(app))).body.status === 'ready', 'readyz to say ready once Redis answers');
    t.regex(await app.metrics.registry.metrics(), /dbsbm_redis_up 1/);
    await cache.set('k', 2);
    t.is(await cache.get('k'), 2);
  });

  test.serial('when Redis stops answering mid-run, readyz answers at once, the cache and bus fall back, no write runs late, and stop() finishes', async (t) => {
    const target = new URL(testRedisUrl());
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    t.teardown(() => proxy.close());
    const plugin = definePlugin({ name: 'cachy', version: '1.0.0' });
    const app = await bootApp(t, [{ plugin }], { env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    t.is((await readyz(baseUrl(app))).body.status, 'ready');
    const cache = app.contextOf('cachy')!.cache;
    await cache.set('before', 'shared');

    // A partition: connections stay open, nothing comes back. Each command gives up after its timeout.
    proxy.cut('blackhole', { existing: 'freeze' });
    const during = await readyz(baseUrl(app));
    t.is(during.status, 200);
    t.is(during.body.checks.redis, 'degraded');
    await cache.set('late', 'outage value');
    t.is(await cache.get('late'), 'outage value', 'served from memory during the outage');

    proxy.restore();
    await until(async () => (await readyz(baseUrl(app))).body.status === 'ready', 'readyz to say ready once Redis answers');
    // The write made during the outage was not queued to run against Redis later.
    const direct = await import('@redis/client').then(({ createClient }) => createClient({ url: testRedisUrl() }));
    await direct.connect();
    t.teardown(() => direct.close());
    const keys = await direct.keys('dbsbm:*:cachy:late');
    t.deepEqual(keys, []);
  });
});
