import test from 'ava';
import { startTcpProxy } from '../../helpers/faults/tcp-proxy.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';
import { SseConnection } from './helpers/sse.ts';
import { GUILD_A, publish, streamWorld } from './world.ts';

const redis = await needs(['redis']);

redis.tests(test, (test) => {
  test('Redis goes away and comes back: the process keeps serving, connected clients stay, and events flow again', async (t) => {
    const url = new URL(testRedisUrl());
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    t.teardown(() => proxy.close());
    const { app, base, keyA } = await streamWorld(t, {}, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    const auth = { authorization: `Bearer ${keyA}` };
    const sse = await SseConnection.open(`${base}/api/v1/stream?topics=scores,bets`, auth);
    await sse.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
    await publish.score(app, 31, 1, 0);
    await sse.until((c) => c.events().length === 1, 'the first event');

    proxy.cut('refuse');
    // Appends fail while Redis is away (logged once); publishing and the process go on.
    for (let i = 0; i < 5; i++) await publish.placed(app, GUILD_A);
    t.false(sse.ended, 'the client is still connected');
    const down = await fetch(`${base}/readyz`);
    t.is(down.status, 200);

    proxy.restore();
    // Once Redis answers again, new events reach the same connection, in order.
    for (let i = 0; i < 50 && sse.events().length < 2; i++) {
      await publish.score(app, 31, 2 + i, 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    await sse.until((c) => c.events().length >= 2, 'an event after Redis came back', 15_000);
    const ids = sse.events().map((e) => e.id);
    t.deepEqual([...ids].sort((a, b) => (a === b ? 0 : a.localeCompare(b, 'en', { numeric: true }))), ids, 'in order');
    t.is(new Set(ids).size, ids.length, 'none twice');
    t.true(app.port > 0);
    sse.close();
  });
});
