import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiCall } from '../../helpers/api.ts';
import { SseConnection } from './helpers/sse.ts';
import { WsConnection } from './helpers/ws.ts';
import { GUILD_A, GUILD_B, publish, streamWorld } from './world.ts';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const scoreOf = (e: { data: Record<string, unknown> }) => `${String(e.data.home)}-${String(e.data.away)}`;

test('SSE: events in order with ids, and a reconnect with Last-Event-ID gets exactly what it missed', async (t) => {
  const { app, base, keyA } = await streamWorld(t);
  const first = await SseConnection.open(`${base}/api/v1/stream?topics=scores,bets`, auth(keyA));
  t.is(first.status, 200);
  t.regex(first.headers!.get('content-type') ?? '', /^text\/event-stream/);
  t.is(first.headers!.get('x-accel-buffering'), 'no');
  t.is(first.headers!.get('cache-control'), 'no-store');
  await first.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  await publish.score(app, 7, 1, 0);
  await publish.placed(app, GUILD_A);
  await publish.score(app, 7, 1, 1);
  await first.until((c) => c.events().length === 3, 'three events');
  const seen = first.events();
  t.deepEqual(seen.map((e) => e.event), ['game.score', 'bet.placed', 'game.score']);
  t.deepEqual(seen.map((e) => e.topic), ['scores', 'bets', 'scores']);
  const last = first.lastId()!;
  first.close();

  await publish.score(app, 7, 2, 1);
  await publish.placed(app, GUILD_A);
  const second = await SseConnection.open(`${base}/api/v1/stream?topics=scores,bets`, { ...auth(keyA), 'last-event-id': last });
  await second.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  t.deepEqual(second.events().map((e) => e.event), ['game.score', 'bet.placed']);
  t.is(scoreOf(second.events()[0]!), '2-1');
  const ids = [...seen, ...second.events()].map((e) => e.id);
  t.is(new Set(ids).size, ids.length, 'no id twice');
  await publish.score(app, 7, 3, 1);
  await second.until((c) => c.events().length === 3, 'a live event after the catch-up');
  t.is(scoreOf(second.events()[2]!), '3-1');
  second.close();
});

test('a server sees only its own bets; a key names no server', async (t) => {
  const { app, base, keyA, keyB } = await streamWorld(t);
  const a = await SseConnection.open(`${base}/api/v1/stream?topics=bets`, auth(keyA));
  const b = await SseConnection.open(`${base}/api/v1/stream?topics=bets`, auth(keyB));
  await a.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  await b.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  await publish.placed(app, GUILD_B);
  await publish.placed(app, GUILD_A);
  await a.until((c) => c.events().length === 1, 'A’s bet');
  await b.until((c) => c.events().length === 1, 'B’s bet');
  t.is(a.events()[0]!.data.guildId, GUILD_A);
  t.is(b.events()[0]!.data.guildId, GUILD_B);
  const bad = await SseConnection.open(`${base}/api/v1/stream?topics=g:${GUILD_B}:bets`, auth(keyA));
  t.is(bad.status, 400);
  t.regex(bad.frames[0]!.data, /INVALID_TOPIC/);
  a.close();
  b.close();
});

test('WebSocket: subscribe, live events, resume with lastId on a new connection, unsubscribe', async (t) => {
  const { app, ws, keyA } = await streamWorld(t);
  const c1 = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  c1.send({ type: 'subscribe', topics: ['scores:game:9', 'bets'] });
  await c1.until((c) => c.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  await publish.score(app, 9, 1, 0);
  await publish.score(app, 8, 5, 5);
  await publish.placed(app, GUILD_A);
  await c1.until((c) => c.events().length === 2, 'two events');
  t.deepEqual(c1.events().map((e) => `${e.topic} ${e.event}`), ['scores:game:9 game.score', 'bets bet.placed']);
  const lastId = c1.lastId()!;
  c1.close();
  await publish.score(app, 9, 2, 0);
  const c2 = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  c2.send({ type: 'subscribe', topics: ['scores:game:9', 'bets'], lastId });
  await c2.until((c) => c.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  t.deepEqual(c2.messages.map((m) => m.type), ['event', 'subscribed']);
  t.is(c2.events()[0]!.data!.home, 2);
  c2.send({ type: 'unsubscribe', topics: ['scores:game:9'] });
  await c2.until((c) => c.messages.some((m) => m.type === 'unsubscribed'), 'unsubscribed');
  await publish.score(app, 9, 3, 0);
  await publish.placed(app, GUILD_A);
  await c2.until((c) => c.events().length === 2, 'the bet after unsubscribing');
  t.is(c2.events()[1]!.event, 'bet.placed');
  c2.send({ type: 'subscribe', topics: ['nope'] });
  await c2.until((c) => c.messages.some((m) => m.type === 'error'), 'an error');
  t.is(c2.messages.find((m) => m.type === 'error')!.code, 'INVALID_TOPIC');
  c2.send('not json' as unknown);
  c2.ws.send('{');
  await c2.until((c) => c.messages.filter((m) => m.type === 'error').length >= 2, 'a second error');
  t.is(c2.ws.readyState, c2.ws.OPEN, 'a bad message does not cost the connection');
  c2.close();
});

test('long-poll: the position, then events after it, waiting for the next one', async (t) => {
  const { app, keyA } = await streamWorld(t);
  const start = await apiCall<{ events: unknown[]; next: string }>(app, keyA, 'GET', '/api/v1/stream/poll?topics=scores');
  t.is(start.status, 200);
  t.deepEqual(start.body.events, []);
  await publish.score(app, 4, 1, 0);
  const got = await apiCall<{ events: { id: string; event: string }[]; next: string; resync: string[] }>(app, keyA, 'GET', `/api/v1/stream/poll?topics=scores&after=${start.body.next}&wait=0`);
  t.is(got.body.events.length, 1);
  t.is(got.body.next, got.body.events[0]!.id);
  const waiting = apiCall<{ events: { event: string }[] }>(app, keyA, 'GET', `/api/v1/stream/poll?topics=scores&after=${got.body.next}&wait=10`);
  await sleep(200);
  await publish.score(app, 4, 2, 0);
  t.is((await waiting).body.events.length, 1);
  const bad = await apiCall<{ code: string }>(app, keyA, 'GET', '/api/v1/stream/poll?topics=scores&after=yesterday');
  t.is(bad.status, 400);
});

test('the gate: below Platinum, or with live features off, a server gets nothing, and a connected client is let go', async (t) => {
  const { app, base, ws, keyA, keyB } = await streamWorld(t);
  await app.settings.setTier(GUILD_B, 'premium');
  const refused = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, auth(keyB));
  t.is(refused.status, 403);
  await app.settings.setTier(GUILD_B, 'platinum');
  await app.settings.setEnabled(GUILD_B, 'stream', false);
  const off = await SseConnection.open(`${base}/api/v1/stream?topics=scores`, auth(keyB));
  t.is(off.status, 403);
  await t.throwsAsync(WsConnection.open(`${ws}/api/v1/ws`, auth(keyB)), { message: /403/ });

  const live = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  live.send({ type: 'subscribe', topics: ['scores'] });
  await live.until((c) => c.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  await app.settings.setEnabled(GUILD_A, 'stream', false);
  await live.until((c) => c.closeCode !== undefined, 'closed', 10_000);
  t.is(live.closeCode, 4403);
});

test('browser tokens: a key never in a URL; a minted token works there, reads only, and dies with its key', async (t) => {
  const { app, base, ws, keyA } = await streamWorld(t);
  const inUrl = await SseConnection.open(`${base}/api/v1/stream?topics=scores&access_token=${keyA}`);
  t.is(inUrl.status, 401);
  t.regex(inUrl.frames[0]!.data, /API_KEY_IN_URL/);
  const minted = await apiCall<{ token: string; expiresAt: string }>(app, keyA, 'POST', '/api/v1/tokens', { ttlSeconds: 120 });
  t.is(minted.status, 201);
  t.regex(minted.body.token, /^dbsbm_st_/);
  const token = minted.body.token;
  const sse = await SseConnection.open(`${base}/api/v1/stream?topics=scores&access_token=${encodeURIComponent(token)}`);
  t.is(sse.status, 200);
  sse.close();
  const socket = await WsConnection.open(`${ws}/api/v1/ws?access_token=${encodeURIComponent(token)}`);
  socket.close();
  // Read-only, and no token from a token.
  t.is((await apiCall(app, token, 'POST', '/api/v1/tokens', {})).status, 403);
  t.is((await apiCall(app, token, 'POST', '/api/v1/betting/bets', {})).status, 403);
  // A forged one fails.
  t.is((await SseConnection.open(`${base}/api/v1/stream?topics=scores&access_token=${token.slice(0, -2)}AA`)).status, 401);
  const keys = await apiCall<{ data: { id: number }[] }>(app, keyA, 'GET', '/api/v1/usage');
  t.is(keys.status, 200);
  const ctx = app.contextOf('api')!;
  const { revokeKey, listKeys } = await import('../../../src/plugins/api/services/keys.ts');
  const mine = (await listKeys(ctx as never, GUILD_A))[0]!;
  await revokeKey(ctx as never, GUILD_A, mine.id, '400000000000000001');
  await sleep(1_100);
  t.is((await SseConnection.open(`${base}/api/v1/stream?topics=scores&access_token=${encodeURIComponent(token)}`)).status, 401);
});

test('history: a client further back than the log keeps gets one resync, then live events', async (t) => {
  const { app, base, keyA } = await streamWorld(t, { maxTopicLength: 1_000 });
  const probe = await apiCall<{ next: string }>(app, keyA, 'GET', '/api/v1/stream/poll?topics=scores:game:5');
  await publish.score(app, 5, 0, 0);
  const after = await apiCall<{ events: { id: string }[] }>(app, keyA, 'GET', `/api/v1/stream/poll?topics=scores:game:5&after=${probe.body.next}&wait=0`);
  const firstId = after.body.events[0]!.id;
  for (let i = 1; i <= 1_300; i++) await publish.score(app, 5, i, 0);
  const sse = await SseConnection.open(`${base}/api/v1/stream?topics=scores:game:5`, { ...auth(keyA), 'last-event-id': firstId });
  await sse.until((c) => c.frames.some((f) => f.event === 'ready'), 'ready');
  const resync = sse.frames.filter((f) => f.event === 'resync');
  t.is(resync.length, 1);
  t.deepEqual((JSON.parse(resync[0]!.data) as { topics: string[] }).topics, ['scores:game:5']);
  t.is(sse.events().length, 0, 'a partial history is not sent');
  await publish.score(app, 5, 9_999, 0);
  await sse.until((c) => c.events().length === 1, 'live after the resync');
  sse.close();
});

test('conflation: a burst of prices on one market reaches a client as fewer updates, ending on the latest', async (t) => {
  const { app, ws, keyA } = await streamWorld(t);
  const c = await WsConnection.open(`${ws}/api/v1/ws`, auth(keyA));
  c.send({ type: 'subscribe', topics: ['odds:game:3'] });
  await c.until((x) => x.messages.some((m) => m.type === 'subscribed'), 'subscribed');
  for (let i = 0; i < 20; i++) await publish.odds(app, 3, 2 + i / 100);
  await publish.score(app, 3, 1, 0);
  await c.until((x) => x.events().some((e) => e.event === 'game.score') || x.events().some((e) => e.data?.to === 2.19), 'the latest price');
  const prices = c.events().filter((e) => e.event === 'odds.moved');
  t.true(prices.length < 20, `got ${prices.length} updates`);
  t.is(prices.at(-1)!.data!.to, 2.19);
  c.close();
});
