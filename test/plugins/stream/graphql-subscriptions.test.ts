import test from 'ava';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { apiCall } from '../../helpers/api.ts';
import { GUILD_A, publish, streamWorld } from './world.ts';

interface LiveEvent {
  id: string;
  topic: string;
  event: string;
  data: Record<string, unknown> | null;
}

const SUBSCRIPTION = 'subscription($topics: [String!]!, $lastId: String) { events(topics: $topics, lastId: $lastId) { id topic event data } }';

/** Subscribes and collects events until `stop` says enough; resolves with them. */
function collect(client: Client, variables: Record<string, unknown>, stop: (seen: LiveEvent[]) => boolean): { done: Promise<LiveEvent[]>; seen: LiveEvent[] } {
  const seen: LiveEvent[] = [];
  const done = new Promise<LiveEvent[]>((resolve, reject) => {
    const dispose = client.subscribe<{ events: LiveEvent }>(
      { query: SUBSCRIPTION, variables },
      {
        next: (r) => {
          if (r.errors) return reject(new Error(JSON.stringify(r.errors)));
          seen.push(r.data!.events);
          if (stop(seen)) {
            dispose();
            resolve(seen);
          }
        },
        error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => resolve(seen),
      },
    );
  });
  return { done, seen };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`${what} did not happen`);
}

test('GraphQL subscriptions over graphql-ws: live events, resumed after lastId; queries stay on HTTP', async (t) => {
  const { app, ws, keyA } = await streamWorld(t);
  const { body } = await apiCall<{ token: string }>(app, keyA, 'POST', '/api/v1/tokens', {});
  const client = createClient({ url: `${ws}/api/v1/graphql?access_token=${encodeURIComponent(body.token)}`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  t.teardown(() => client.dispose());

  const first = collect(client, { topics: ['scores', 'bets'] }, (s) => s.filter((e) => e.event !== 'subscribed').length === 2);
  await until(() => first.seen.some((e) => e.event === 'subscribed'), 'subscribed');
  await publish.score(app, 21, 1, 0);
  await publish.placed(app, GUILD_A);
  const events = (await first.done).filter((e) => e.event !== 'subscribed');
  t.deepEqual(events.map((e) => `${e.topic} ${e.event}`), ['scores game.score', 'bets bet.placed']);
  t.is(events[0]!.data!.home, 1);

  await publish.score(app, 21, 2, 0);
  const resumed = collect(client, { topics: ['scores', 'bets'], lastId: events[1]!.id }, (s) => s.some((e) => e.event === 'subscribed'));
  const again = await resumed.done;
  t.deepEqual(again.map((e) => e.event), ['game.score', 'subscribed']);
  t.is(again[0]!.data!.home, 2);

  const query = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: '{ __typename }' }, { next: (r) => resolve(r), error: (e) => resolve(e), complete: () => undefined });
  });
  t.regex(JSON.stringify(query), /Only subscriptions are served over this WebSocket/);
  const badTopic = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: SUBSCRIPTION, variables: { topics: ['nope'] } }, { next: (r) => resolve(r), error: (e) => resolve(e), complete: () => undefined });
  });
  t.regex(JSON.stringify(badTopic), /INVALID_TOPIC/);
});

test('GraphQL subscriptions need a key or token, and the stream on for the server', async (t) => {
  const { app, ws, keyA } = await streamWorld(t);
  const refused = await new Promise<number>((resolve) => {
    const socket = new WebSocket(`${ws}/api/v1/graphql`, 'graphql-transport-ws');
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => resolve(101));
  });
  t.is(refused, 401);
  await app.settings.setEnabled(GUILD_A, 'stream', false);
  const off = await new Promise<number>((resolve) => {
    const socket = new WebSocket(`${ws}/api/v1/graphql`, 'graphql-transport-ws', { headers: { authorization: `Bearer ${keyA}` } });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => resolve(101));
  });
  t.is(off, 403);
});
