import test from 'ava';
import { apiCall } from '../../helpers/api.ts';
import type { StreamContext } from '../../../src/plugins/stream/services/context.ts';
import { SseConnection } from './helpers/sse.ts';
import { WsConnection } from './helpers/ws.ts';
import { streamWorld } from './world.ts';

// Found by test/reliability/stream-failover.test.ts (MariaDB + Redis run): with Redis, an instance knows the log up to
// where its reader has read the topics its clients follow, while a poll without `after` answers with the log's head,
// and a client moving from another instance brings an id that instance had read to. When the newest event is on a
// topic nobody here follows (prices), or this instance's reader is a few milliseconds behind, such an id is past this
// instance's position: it is still this log's id, and the client must go on from it, not be told to refetch (and not
// be moved back to an older position, which would repeat events).

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

test('an id the log handed out but this instance has not read up to yet resumes without a resync, on every transport', async (t) => {
  const { app, base, ws, keyA } = await streamWorld(t);
  const ctx = app.contextOf('stream') as unknown as StreamContext;
  // A client follows `scores` here, so the instance reads it; then the newest event lands on a price topic.
  const follower = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, auth(keyA));
  await follower.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  await ctx.topics.append(['p:scores', 'p:scores:game:71'], 'game.score', { gameId: 71, home: 1, away: 0 });
  await follower.until((c) => c.events().length === 1, 'the goal');
  await ctx.topics.append(['p:odds:game:71'], 'odds.moved', { gameId: 71, market: 'h2h', selection: 'home', line: 0, from: 2, to: 1.9 });

  const start = await apiCall<{ next: string }>(app, keyA, 'GET', '/api/v1/stream/poll?topics=scores');
  const head = start.body.next;
  const again = await apiCall<{ events: unknown[]; next: string; resync: string[] }>(app, keyA, 'GET', `/api/v1/stream/poll?topics=scores&after=${head}&wait=0`);
  t.deepEqual(again.body, { events: [], next: head, resync: [] }, 'long-poll: nothing to refetch, and the position does not step back');

  const sse = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, { ...auth(keyA), 'last-event-id': head });
  await sse.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  t.deepEqual(sse.frames.map((f) => `${f.event} ${f.id}`), [`ready ${head}`], 'SSE: ready at the id it resumed from, no resync');

  const socket = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  socket.send({ type: 'subscribe', topics: ['scores'], lastId: head });
  await socket.until((c) => c.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  t.deepEqual(socket.messages.map((m) => `${m.type} ${m.id}`), [`subscribed ${head}`], 'WebSocket: subscribed at the id it resumed from, no resync');

  const next = await ctx.topics.append(['p:scores', 'p:scores:game:71'], 'game.score', { gameId: 71, home: 2, away: 0 });
  await sse.until((c) => c.events().length === 1, 'the next goal on SSE');
  await socket.until((c) => c.events().length === 1, 'the next goal on the WebSocket');
  const polled = await apiCall<{ events: { id: string }[] }>(app, keyA, 'GET', `/api/v1/stream/poll?topics=scores&after=${head}&wait=5`);
  t.deepEqual(polled.body.events.map((e) => e.id), [next]);
  t.deepEqual(sse.events().map((e) => e.id), [next]);
  t.deepEqual(socket.events().map((e) => e.id), [next]);
  for (const c of [follower, sse]) c.close();
  socket.close();
});
