/**
 * A server process of `bench/stream.ts`, forked once per side and instance, so neither the clients (another process)
 * nor the other side share its event loop:
 * - `ours`: the app with betting (feed off), the API and live streaming, on the bench's database (and Redis when
 *   given: then it is one instance of a deployment, and every event goes through the Redis topic log). `publish`
 *   publishes `game.score` on the app's bus, as the betting feed does; the stream plugin appends it to `scores` and
 *   fans it out to the WebSocket clients at /api/v1/ws.
 * - `bare`: a plain `ws` WebSocketServer. `publish` builds the same envelope bytes and sends them to every client in
 *   a loop; with Redis, it PUBLISHes them on a channel instead and every bare instance broadcasts what the channel
 *   brings (Redis pub/sub and a loop: the least a cross-instance fan-out can do).
 * Each event's data carries `sentAt`, the publisher's clock just before publishing, for the clients' latency.
 * IPC: one start message in, `ready` out; then `publish` (→ `published`), `cpu` (→ `cpu`), `profile` start/stop
 * (→ `profiling` / `profiled`), `stop` (closes every client connection from this side, then exits).
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { createClient } from '@redis/client';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import api from '../../src/plugins/api/index.ts';
import type { ApiContext } from '../../src/plugins/api/services/context.ts';
import { createKey } from '../../src/plugins/api/services/keys.ts';
import betting from '../../src/plugins/betting/index.ts';
import stream from '../../src/plugins/stream/index.ts';
import { BENCH_GUILD } from './betting-data.ts';
import { BENCH_BETTING_OPTIONS } from './databases.ts';

export type StreamServerStart =
  | { kind: 'ours'; dbUrl: string; redisUrl: string | null; seed: boolean }
  | { kind: 'bare'; redisUrl: string | null; channel: string };

export type StreamServerControl =
  | { kind: 'publish'; count: number; intervalMs: number; gameId: number }
  | { kind: 'cpu' }
  | { kind: 'profile'; action: 'start' }
  | { kind: 'profile'; action: 'stop'; path: string }
  | { kind: 'stop' };

export type StreamServerMessage =
  | { kind: 'ready'; port: number; key: string | null }
  | { kind: 'published'; firstAt: number; lastAt: number }
  | { kind: 'cpu'; micros: number }
  | { kind: 'profiling' }
  | { kind: 'profiled'; path: string | null }
  | { kind: 'failed'; message: string };

/** The stream's rate limit is per key and minute: ten thousand connections of one key must not reach it. */
const API_RATE_LIMIT = 100_000;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  port: number;
  key: string | null;
  /** Publishes one event with the given sentAt and score. */
  publish(i: number, gameId: number): Promise<void>;
  stop(): Promise<void>;
}

async function startOurs(input: Extract<StreamServerStart, { kind: 'ours' }>): Promise<Running> {
  const config = loadConfig({ DATABASE_URL: input.dbUrl, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(input.redisUrl ? { REDIS_URL: input.redisUrl } : {}) });
  const app = await App.create({
    config,
    plugins: [{ plugin: betting, options: { feed: { kind: 'none' }, ...BENCH_BETTING_OPTIONS } }, { plugin: api }, { plugin: stream }],
    logger: pino({ level: 'silent' }),
    bot: false,
    jobs: { autoStart: false },
  });
  let key: string | null = null;
  if (input.seed) {
    await app.settings.setTier(BENCH_GUILD, 'platinum');
    await app.settings.setEnabled(BENCH_GUILD, 'stream', true);
    await app.settings.setPlanLimit(BENCH_GUILD, 'api_rate_limit', API_RATE_LIMIT);
    const ctx = app.contextOf('api') as unknown as ApiContext;
    key = (await createKey(ctx, { guildId: BENCH_GUILD, name: 'bench stream', scope: 'read', createdBy: '200000000000000001' })).secret;
  }
  await app.start();
  return {
    port: app.port,
    key,
    async publish(i, gameId) {
      // The bus's payload type has no sentAt; the stream appends the payload as it is, so the clients see it.
      const payload = { gameId, home: i, away: 0, sentAt: now() };
      await app.bus.publish('game.score', payload);
    },
    stop: () => app.stop(),
  };
}

async function startBare(input: Extract<StreamServerStart, { kind: 'bare' }>): Promise<Running> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  const broadcast = (message: string): void => {
    for (const ws of wss.clients) ws.send(message);
  };
  let seq = 0;
  // The envelope ours sends ({"type":"event", id, topic, event, at, data}), with the same data.
  const envelope = (i: number, gameId: number): string => {
    const at = Date.now();
    const data = JSON.stringify({ gameId, home: i, away: 0, sentAt: now() });
    return `{"type":"event","id":"${at}-${seq++}","topic":"scores","event":"game.score","at":${at},"data":${data}}`;
  };
  if (!input.redisUrl) {
    return {
      port,
      key: null,
      async publish(i, gameId) {
        broadcast(envelope(i, gameId));
      },
      stop: async () => {
        for (const ws of wss.clients) ws.close(1001);
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    };
  }
  const pub = createClient({ url: input.redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(input.channel, (message) => broadcast(message));
  return {
    port,
    key: null,
    async publish(i, gameId) {
      await pub.publish(input.channel, envelope(i, gameId));
    },
    stop: async () => {
      for (const ws of wss.clients) ws.close(1001);
      await Promise.all([pub.close(), sub.close()]);
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let running: Running | null = null;
let profiler: Session | null = null;

/** V8's sampling profiler through node:inspector, around the measured runs only (boot and connecting stay out). */
async function profile(msg: Extract<StreamServerControl, { kind: 'profile' }>): Promise<StreamServerMessage> {
  if (msg.action === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
    return { kind: 'profiling' };
  }
  if (!profiler) return { kind: 'profiled', path: null };
  const { profile: taken } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = null;
  await writeFile(msg.path, JSON.stringify(taken));
  return { kind: 'profiled', path: msg.path };
}

/** `count` events, one every `intervalMs` (0: each as soon as the previous one is published), on a drift-free clock. */
async function publish(msg: Extract<StreamServerControl, { kind: 'publish' }>): Promise<StreamServerMessage> {
  const server = running!;
  const firstAt = now();
  for (let i = 0; i < msg.count; i++) {
    if (msg.intervalMs > 0) {
      const due = firstAt + i * msg.intervalMs;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
    }
    await server.publish(i, msg.gameId);
  }
  return { kind: 'published', firstAt, lastAt: now() };
}

const send = (message: StreamServerMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));

process.on('message', (msg: StreamServerStart | StreamServerControl) => {
  if (msg.kind === 'stop') {
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  if (msg.kind === 'cpu') {
    const { user, system } = process.cpuUsage();
    void send({ kind: 'cpu', micros: user + system });
    return;
  }
  if (msg.kind === 'profile') {
    profile(msg).then(send, (err: unknown) => send({ kind: 'failed', message: `profile: ${(err as Error).message}` }));
    return;
  }
  if (msg.kind === 'publish') {
    publish(msg).then(send, (err: unknown) => send({ kind: 'failed', message: (err as Error).stack ?? String(err) }));
    return;
  }
  (msg.kind === 'ours' ? startOurs(msg) : startBare(msg)).then(
    async (started) => {
      running = started;
      await send({ kind: 'ready', port: started.port, key: started.key });
    },
    async (err: unknown) => {
      await send({ kind: 'failed', message: (err as Error).stack ?? String(err) });
      process.exit(1);
    },
  );
});
// The bench gone (killed at its time limit): nothing left to serve.
process.on('disconnect', () => process.exit(0));
