import test from 'ava';
import type { StreamContext } from '../../../src/plugins/stream/services/context.ts';
import { runtimeOf } from '../../../src/plugins/stream/services/runtime.ts';
import { SseConnection } from './helpers/sse.ts';
import { WsConnection } from './helpers/ws.ts';
import { streamWorld } from './world.ts';

// A reader that stops reading must cost the server a bounded buffer and nobody else anything: once its unsent bytes
// pass `maxBufferBytes` it is cut (no close frame: one would queue behind the full buffer), the healthy clients go on
// getting every event in order, and the cut client resumes from the last id it really received.

const LIMIT = 16_384;
/**
 * Half the limit: a healthy SSE client's response is corked until the next tick, so one event bigger than the limit
 * would count as unsent bytes even for a reader that keeps up.
 */
const PAD = 'x'.repeat(LIMIT / 2);
/** Far beyond any loopback socket buffer (a few MB): if the client is not dropped by then, it never will be. */
const MAX_EVENTS = 4_000;
const TAIL = 5;

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

test('a stalled client is dropped once its buffer passes the limit, the others still get every event, and it resumes from what it got', async (t) => {
  const { app, base, ws, keyA } = await streamWorld(t, { maxBufferBytes: LIMIT });
  const ctx = app.contextOf('stream') as unknown as StreamContext;
  const hub = runtimeOf(ctx).hub;
  const append = (i: number, pad: string): Promise<string | null> => ctx.topics.append(['p:scores', 'p:scores:game:61'], 'game.score', { gameId: 61, home: i, away: 0, pad });

  const stalled = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  const healthyWs = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  for (const c of [stalled, healthyWs]) {
    c.send({ type: 'subscribe', topics: ['scores'] });
    await c.until((x) => x.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  }
  const healthySse = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, auth(keyA));
  await healthySse.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  t.is(hub.size, 3);
  // The public way to stop reading: the client's socket is paused, so the server's writes back up.
  stalled.ws.pause();

  // Big events until the server lets the stalled client go. Each waits for the healthy clients (they share this
  // process with the server): only the stalled one may fall behind.
  const ids: string[] = [];
  const caughtUp = async (): Promise<void> => {
    await healthyWs.until((c) => c.events().length === ids.length, `event ${ids.length} on the healthy WebSocket`, 30_000);
    await healthySse.until((c) => c.events().length === ids.length, `event ${ids.length} on the healthy SSE stream`, 30_000);
  };
  while (hub.size === 3 && ids.length < MAX_EVENTS) {
    ids.push((await append(ids.length, PAD))!);
    await caughtUp();
  }
  t.is(hub.size, 2, `the stalled client was dropped (after ${ids.length} events of ${PAD.length} bytes)`);
  t.log(`stalled client dropped after ${ids.length} events of ${PAD.length / 1024} KB (limit ${LIMIT} bytes)`);
  for (let i = 0; i < TAIL; i++) ids.push((await append(ids.length, ''))!);
  await caughtUp();
  t.deepEqual(healthyWs.events().map((e) => e.id), ids, 'the healthy WebSocket got every event, in order, once');
  t.deepEqual(healthySse.events().map((e) => e.id), ids, 'the healthy SSE client got every event, in order, once');
  t.is(healthyWs.closeCode, undefined, 'the healthy WebSocket is still open');
  t.false(healthySse.ended, 'the healthy SSE stream is still open');

  // Reading again, the stalled client finds what the kernel held for it, then the end of a cut connection.
  stalled.ws.resume();
  await stalled.until((c) => c.closeCode !== undefined, 'the end of the cut connection', 30_000);
  t.is(stalled.closeCode, 1006, 'terminated without a close frame (1006), not closed politely');
  const got = stalled.events().map((e) => e.id!);
  t.true(got.length < ids.length, `it got only part of the events (${got.length} of ${ids.length})`);
  t.deepEqual(got, ids.slice(0, got.length), 'what it got is a gap-free prefix, in order');

  // It resumes from its last id and gets exactly the rest.
  const resumed = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  resumed.send({ type: 'subscribe', topics: ['scores'], ...(got.length ? { lastId: got.at(-1) } : { lastId: stalled.lastId() }) });
  await resumed.until((c) => c.messages.some((m) => m.type === 'subscribed'), 'subscribed after the drop', 30_000);
  t.false(resumed.messages.some((m) => m.type === 'resync'), 'nothing it missed is gone');
  t.deepEqual([...got, ...resumed.events().map((e) => e.id!)], ids, 'after resuming it has every event exactly once, in order');
  for (const c of [stalled, healthyWs, resumed]) c.close();
  healthySse.close();
});

test('a resuming SSE client owed more history than the buffer limit gets all of it (bug: its catch-up, written in one tick, counted as a slow reader)', async (t) => {
  const { app, base, keyA } = await streamWorld(t, { maxBufferBytes: LIMIT });
  const ctx = app.contextOf('stream') as unknown as StreamContext;
  const first = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, auth(keyA));
  await first.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  const lastId = first.lastId()!;
  first.close();
  const pad = 'y'.repeat(1_000);
  for (let i = 0; i < 40; i++) await ctx.topics.append(['p:scores'], 'game.score', { gameId: 62, home: i, away: 0, pad });
  const back = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, { ...auth(keyA), 'last-event-id': lastId });
  await back.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready after the catch-up');
  t.is(back.events().length, 40);
  t.false(back.frames.some((f) => f.event === 'closed'));
  back.close();
});
