import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DbsbmEvents } from 'dbsbm';
import type { CompetitionEndedData, CompetitionStandingsData, CompetitionStartedData } from '../../src/plugins/stream/competitions/live-events.ts';
import type { LeaderboardUpdated } from '../../src/plugins/stream/discord/services/live-leaderboard.ts';
import { runtimeOf } from '../../src/plugins/stream/services/runtime.ts';
import type {} from '../../src/plugins/betting/events.ts';
import { createDbsbmClient, createStreamClient, isStreamEvent, mintToken, type StreamDisconnect, type StreamEvent, type StreamEventData } from '../../packages/sdk/src/index.ts';
import { SseParser } from '../../packages/sdk/src/stream/sse-parser.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/faults/tcp-proxy.ts';
import { apiCall } from '../helpers/api.ts';
import { GUILD_A, publish, streamWorld } from '../plugins/stream/world.ts';
import { loggedAfter, outOfOrder, positionOf } from './stream-log.ts';

// The SDK's stream client against a real app through a TCP proxy the test cuts: the Node client of docs/streaming.md
// as a real process (cut, restarted, resynced), and the client's own rules (dead connections, stops for good).

/** Both ways: what the server publishes is what the SDK's types say, and the SDK says nothing the server does not send. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const shapes: [
  Same<StreamEventData['odds.moved'], DbsbmEvents['odds.moved'] & { league: string | null }>,
  Same<StreamEventData['game.started'], DbsbmEvents['game.started']>,
  Same<StreamEventData['game.score'], DbsbmEvents['game.score']>,
  Same<StreamEventData['game.final'], DbsbmEvents['game.final']>,
  Same<StreamEventData['bet.placed'], DbsbmEvents['bet.placed']>,
  Same<StreamEventData['bet.settled'], DbsbmEvents['bet.settled']>,
  Same<StreamEventData['bet.voided'], DbsbmEvents['bet.voided']>,
  Same<StreamEventData['bet.cancelled'], DbsbmEvents['bet.cancelled']>,
  Same<StreamEventData['leaderboard.updated'], LeaderboardUpdated>,
  Same<StreamEventData['competition.started'], CompetitionStartedData>,
  Same<StreamEventData['competition.standings'], CompetitionStandingsData>,
  Same<StreamEventData['competition.ended'], CompetitionEndedData>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];

const TOPICS = 'scores,bets';

/** A line the example prints. */
interface Line {
  kind: 'open' | 'disconnect' | 'resync' | 'event' | 'stopped';
  id?: string;
  resumed?: boolean;
  reason?: string;
  topics?: string[];
  event?: string;
  score?: string;
  games?: number;
  code?: string;
}

/** docs/examples/streaming/node-client.ts as a real process, its JSON lines collected. */
class ExampleRun {
  readonly lines: Line[] = [];
  readonly stderr: string[] = [];
  exit: number | null | undefined;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', 'docs/examples/streaming/node-client.ts'], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.#child.stdout! }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as Line);
      this.#wake();
    });
    this.#child.stderr!.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    this.#child.once('exit', (code) => {
      this.exit = code;
      this.#wake();
    });
  }

  #wake(): void {
    for (const w of this.#waiters) w();
  }

  events(): Line[] {
    return this.lines.filter((l) => l.kind === 'event');
  }

  async until(check: (run: ExampleRun) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (check(this)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`the Node client: ${what} did not happen within ${timeoutMs} ms; last lines ${JSON.stringify(this.lines.slice(-4))}; stderr ${this.stderr.join('').slice(-2_000)}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check(this) || this.exit !== undefined) {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          if (check(this)) resolve();
          else reject(new Error(`the Node client exited (${this.exit}) before ${what}; stderr ${this.stderr.join('').slice(-2_000)}`));
        }
      };
      this.#waiters.add(waiter);
    });
  }

  /** SIGTERM (the example closes its stream), and waits for the exit. */
  async stop(): Promise<void> {
    if (this.exit !== undefined) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

test('the Node client of the docs: every event once, in order, across a cut connection and a restart; a resync when history is gone', async (t) => {
  const { app, keyA } = await streamWorld(t, { maxTopicLength: 1_000 });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: app.port });
  const dir = await mkdtemp(join(tmpdir(), 'dbsbm-sdk-stream-'));
  const runs: ExampleRun[] = [];
  t.teardown(async () => {
    await Promise.all(runs.map((r) => r.stop()));
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  });
  const env = { DBSBM_URL: `http://127.0.0.1:${proxy.port}`, DBSBM_API_KEY: keyA, DBSBM_TOPICS: TOPICS, DBSBM_LAST_ID_FILE: join(dir, 'last-id') };
  const start = await positionOf(app, keyA, TOPICS);
  const first = new ExampleRun(env);
  runs.push(first);
  await first.until((r) => r.lines.some((l) => l.kind === 'open'), 'open');
  t.false(first.lines[0]!.resumed, 'a first run starts from now');

  for (let i = 1; i <= 3; i++) await publish.score(app, 21, i, 0);
  await publish.placed(app, GUILD_A);
  await first.until((r) => r.events().length === 4, 'four events');

  // The connection is cut; events go on while the client cannot reach the server.
  proxy.cut('refuse');
  await first.until((r) => r.lines.some((l) => l.kind === 'disconnect'), 'a disconnect');
  for (let i = 4; i <= 6; i++) await publish.score(app, 21, i, 0);
  await publish.placed(app, GUILD_A);
  proxy.restore();
  await first.until((r) => r.events().length === 8 && r.lines.filter((l) => l.kind === 'open').length === 2, 'the missed events after the reconnect');
  t.true(first.lines.filter((l) => l.kind === 'open')[1]!.resumed);
  t.deepEqual(first.lines.map((l) => l.kind).slice(-5), ['event', 'event', 'event', 'event', 'open'], 'caught up before it says it is open');
  await publish.score(app, 21, 7, 0);
  await first.until((r) => r.events().length === 9, 'a live event after the catch-up');

  // Stopped (SIGTERM), events go on, started again: it picks up from the id it saved.
  await first.stop();
  t.is(first.exit, 0);
  await publish.score(app, 21, 8, 0);
  await publish.placed(app, GUILD_A);
  const second = new ExampleRun(env);
  runs.push(second);
  await second.until((r) => r.events().length === 2 && r.lines.some((l) => l.kind === 'open'), 'the events missed while stopped');
  t.true(second.lines.find((l) => l.kind === 'open')!.resumed);

  const logged = await loggedAfter(app, keyA, TOPICS, start);
  const got = [...first.events(), ...second.events()];
  t.is(logged.length, 11);
  t.deepEqual(got.map((e) => e.id), logged.map((e) => e.id), 'every event of the log once, in its order');
  t.deepEqual(outOfOrder(got.map((e) => e.id!)), []);
  t.deepEqual(got.filter((e) => e.event === 'game.score').map((e) => e.score), ['1-0', '2-0', '3-0', '4-0', '5-0', '6-0', '7-0', '8-0']);
  t.deepEqual(second.lines.filter((l) => l.kind === 'resync'), []);

  // Stopped while more happens than the log keeps (1,000 per topic here): one resync of scores, refetched over REST;
  // the bet missed meanwhile still comes, once.
  await second.stop();
  await publish.placed(app, GUILD_A);
  for (let i = 1; i <= 1_300; i++) await publish.score(app, 22, i, 0);
  const third = new ExampleRun(env);
  runs.push(third);
  await third.until((r) => r.lines.some((l) => l.kind === 'open'), 'open after the resync');
  const resyncs = third.lines.filter((l) => l.kind === 'resync');
  t.is(resyncs.length, 1, JSON.stringify(third.lines.slice(0, 5)));
  t.deepEqual(resyncs[0]!.topics, ['scores']);
  t.is(typeof resyncs[0]!.games, 'number', 'the handler refetched games over REST');
  t.deepEqual(third.events().map((e) => e.event), ['bet.placed'], 'the bets missed are sent; partial scores are not');
  await publish.score(app, 22, 9_999, 0);
  await third.until((r) => r.events().length === 2, 'live after the resync');
  t.is(third.events()[1]!.score, '9999-0');
  t.deepEqual(outOfOrder([...got, ...third.events()].map((e) => e.id!)), []);
});

test('SDK: a silent connection is dropped after twice the heartbeat and resumed; a key refused or streaming turned off stops it for good', async (t) => {
  const { app, base, keyA } = await streamWorld(t, { heartbeatMs: 1_000 });
  const proxy: TcpProxy = await startTcpProxy({ host: '127.0.0.1', port: app.port });
  t.teardown(() => proxy.close());
  const topics = 'scores:game:31,bets';
  const start = await positionOf(app, keyA, topics);
  const events: StreamEvent[] = [];
  const disconnects: StreamDisconnect[] = [];
  let opens = 0;
  let wake = (): void => undefined;
  const until = async (check: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen; events ${events.length}, disconnects ${JSON.stringify(disconnects.map((d) => d.reason))}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  const client = createStreamClient({
    baseUrl: `http://127.0.0.1:${proxy.port}`,
    apiKey: keyA,
    topics: ['scores:game:31', 'bets'],
    heartbeatMs: 1_000,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
    onEvent: (e) => {
      events.push(e);
      wake();
    },
    onOpen: () => {
      opens++;
      wake();
    },
    onDisconnect: (d) => {
      disconnects.push(d);
      wake();
    },
  });
  t.teardown(() => client.close());
  await until(() => opens === 1, 'open');
  t.is(client.state, 'open');
  await publish.score(app, 31, 1, 0);
  await publish.placed(app, GUILD_A);
  await until(() => events.length === 2, 'two events');

  // The route goes silent both ways: no close, no reset, no heartbeat; new connections hang too.
  proxy.cut('blackhole', { existing: 'freeze' });
  await until(() => disconnects.some((d) => d.reason === 'heartbeat'), 'the silent connection given up');
  await publish.score(app, 31, 2, 0);
  await publish.placed(app, GUILD_A);
  proxy.restore();
  await until(() => events.length === 4 && opens >= 2, 'the missed events');
  const logged = await loggedAfter(app, keyA, topics, start);
  t.deepEqual(events.map((e) => e.id), logged.map((e) => e.id));
  t.is(client.lastId, events[3]!.id);

  // Streaming turned off for the server: the server says so (`closed`, reason gate) and the client does not retry.
  await app.settings.setEnabled(GUILD_A, 'stream', false);
  const end = await client.done;
  t.is(end.reason, 'error');
  t.is(end.reason === 'error' ? end.error.code : '', 'STREAM_OFF');
  t.is(client.state, 'closed');

  // A key the server refuses: no retry either.
  const before = proxy.forwarded;
  const refused = createStreamClient({ baseUrl: base, apiKey: 'dbsbm_notakeyatallnotakeyatallnotake', topics: ['scores'], reconnect: { initialDelayMs: 10 } });
  const refusal = await refused.done;
  t.like(refusal.reason === 'error' ? { code: refusal.error.code, status: refusal.error.status } : {}, { code: 'API_KEY_INVALID', status: 401 });
  t.is(proxy.forwarded, before, 'not through the proxy: it went straight to the app');
  await app.settings.setEnabled(GUILD_A, 'stream', true);
  const unknown = createStreamClient({ baseUrl: base, apiKey: keyA, topics: ['scores', 'odds:league:Not A League!'] });
  const bad = await unknown.done;
  t.like(bad.reason === 'error' ? { code: bad.error.code, status: bad.error.status } : {}, { code: 'INVALID_TOPIC', status: 400 });
});

test('SDK: iterated with for await, an instance shutting down hands the client to the next one; mintToken makes a working browser token', async (t) => {
  const { app, base, keyA } = await streamWorld(t);
  const hub = runtimeOf(app.contextOf('stream') as Parameters<typeof runtimeOf>[0]).hub;
  const disconnects: string[] = [];
  let opens = 0;
  const stream = createStreamClient({
    baseUrl: base,
    apiKey: keyA,
    topics: ['scores:game:41'],
    reconnect: { initialDelayMs: 50 },
    onOpen: async () => {
      opens++;
      // Connected: the first score; back after the shutdown: the third (the second was published while it was away).
      if (opens === 1) await publish.score(app, 41, 1, 0);
      if (opens === 2) await publish.score(app, 41, 3, 0);
    },
    onDisconnect: (d) => void disconnects.push(d.reason),
  });
  const seen: number[] = [];
  for await (const event of stream) {
    if (isStreamEvent(event, 'game.score')) seen.push(event.data.home);
    if (seen.length === 1) {
      // The instance lets its clients go, as a rolling restart does (`closed`, reason shutdown).
      for (const c of hub.clientsOf(GUILD_A)) c.close('shutdown');
      await publish.score(app, 41, 2, 0);
    }
    if (seen.length === 3) break;
  }
  t.deepEqual(seen, [1, 2, 3]);
  t.deepEqual(disconnects, ['shutdown']);
  t.is(opens, 2);
  t.is(stream.state, 'closed', 'leaving the loop closes the client');
  t.deepEqual(await stream.done, { reason: 'closed' });

  const api = createDbsbmClient({ baseUrl: base, apiKey: keyA });
  const minted = await mintToken(api, { ttlSeconds: 120 });
  t.regex(minted.token, /^dbsbm_st_/);
  t.true(Date.parse(minted.expiresAt) > Date.now() + 60_000);
  const res = await apiCall<{ events: unknown[] }>(app, null, 'GET', `/api/v1/stream/poll?topics=scores&access_token=${encodeURIComponent(minted.token)}`);
  t.is(res.status, 200);
  const viaToken = createDbsbmClient({ baseUrl: base, apiKey: minted.token });
  await t.throwsAsync(mintToken(viaToken), { message: /TOKEN_CANNOT_MINT/ });
  t.true(shapes.every(Boolean));
});

test('SDK: the event-stream parser takes frames cut anywhere, CRLF, CR or LF line ends, comments, multi-line data and retry', (t) => {
  const text = 'retry: 2000\r\n\r\n: hb\n\nid: 1-0\nevent: game.score\ndata: {"a":\ndata: 1}\n\nid: 2-0\revent: ready\rdata: x\r\r: hb\r\n\r\ndata: plain\n\n';
  const want = [
    { id: '1-0', event: 'game.score', data: '{"a":\n1}' },
    { id: '2-0', event: 'ready', data: 'x' },
    { id: undefined, event: 'message', data: 'plain' },
  ];
  for (let size = 1; size <= text.length; size++) {
    const parser = new SseParser();
    const got = [];
    for (let i = 0; i < text.length; i += size) got.push(...parser.push(text.slice(i, i + size)));
    t.deepEqual(got, want, `chunks of ${size}`);
    t.is(parser.retryMs, 2000);
  }
});
