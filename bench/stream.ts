/**
 * `stream`: live streaming's WebSocket fan-out under many subscribers, beside a bare `ws` broadcast loop in the same
 * run. Every server runs in a process of its own (bench/lib/stream-server.ts) and every client in one other process
 * (bench/lib/stream-clients.ts), so no side's event loop runs the other's work; this process only coordinates. On
 * 2 cores the server and the clients share the CPUs, and the clients' cost per message is part of every latency
 * figure on both sides.
 *
 * Phase 1, one instance, `--stream-clients` (default 10,000) WebSocket subscribers of `scores`:
 *   - bare: a plain `ws` WebSocketServer; each event's envelope (the same bytes ours sends) is sent to every client
 *     in a loop;
 *   - ours: the app (betting with its feed off, the API, live streaming) without Redis (the in-process topic log);
 *     the clients connect to /api/v1/ws with an API key and subscribe to `scores`; each event is published on the
 *     app's bus as `game.score` (what the betting feed does), appended to the topic by the stream plugin and fanned
 *     out by its hub.
 *   For each side: a match-day rate (`--stream-rate` events a second, default 5, for `--stream-seconds`, default
 *   10: a busy Saturday's goals, kick-offs, finals and a server's bets, every one to every subscriber), for latency;
 *   then a burst (`--stream-burst` events, default 100, each published as soon as the previous one is), for
 *   capacity: deliveries a second from the first publish to the last arrival.
 * Phase 2, across instances on Redis (`REDIS_URL`, else the local 127.0.0.1:6379), `--stream-cross-clients`
 * (default 2,000) clients on each of two instances, events published on instance 1 at the match-day rate:
 *   - bare: two bare servers on one Redis pub/sub channel; instance 1 PUBLISHes each envelope, both broadcast it;
 *   - ours: two app instances of one deployment (one fresh database, Redis): the event goes through the Redis topic
 *     log to every instance's reader.
 *   Latency of instance 2's clients is the cross-instance figure; instance 1's is printed beside it.
 *
 * Latency: publish (the publisher's clock just before it publishes, carried in the event as `sentAt`) to arrival at
 * the client (the same system clock, another process). Every expected delivery must arrive (a missing one fails
 * the bench). The servers' CPU time per delivery is printed too: it depends less than latency on what else the
 * machine runs.
 *
 * --stream-profile[=dir] profiles both one-instance servers (bare and ours) over their measured runs and prints the top costs (the
 * figures of a profiled run are slower than usual).
 *
 * Goals (issue 16): p99 < 100 ms at 10,000 subscribers (the match-day rate); cross-instance publish-to-client p99
 * < 100 ms at 2,000 clients per instance; ours >= 50% of the bare loop's deliveries a second (the burst).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@redis/client';
import { onCleanup } from './lib/cleanup.ts';
import { freshDatabase, type DbKind } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { summarizeProfile } from './lib/profile-summary.ts';
import { emit, emitGoal, progress } from './lib/report.ts';
import type { ClientsControl, ClientsMessage, GroupFigures } from './lib/stream-clients.ts';
import type { StreamServerControl, StreamServerMessage, StreamServerStart } from './lib/stream-server.ts';

const GOAL_P99_MS = 100;
const GOAL_RATIO = 0.5;
/** Events published before each measurement and not counted (JIT, first sends). */
const WARMUP_EVENTS = 20;
/** Connections opening at once: the servers' listen backlog and the app's upgrade path are not the subject. */
const CONNECTING = 100;
const SUBSCRIBE = JSON.stringify({ type: 'subscribe', topics: ['scores'] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child<Out extends { kind: string }, In> {
  proc: ChildProcess;
  /** Sends `msg` and waits for the next message of `kind` (a `failed` message rejects). */
  ask(msg: In, kind: Out['kind']): Promise<Out>;
  stop(): Promise<void>;
}

function forkChild<Out extends { kind: string; message?: string }, In>(script: string, name: string, stopMessage: In | null): Child<Out, In> {
  const proc = fork(fileURLToPath(new URL(script, import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = (kind: Out['kind']): Promise<Out> =>
    new Promise((resolve, reject) => {
      const onMessage = (msg: Out): void => {
        if (msg.kind !== kind && msg.kind !== 'failed') return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        if (msg.kind === 'failed') reject(new Error(`${name}: ${msg.message ?? 'failed'}`));
        else resolve(msg);
      };
      const onExit = (code: number | null): void => {
        proc.off('message', onMessage);
        reject(new Error(`${name} exited (${code}) before answering`));
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const stop = onCleanup(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    if (stopMessage !== null) proc.send(stopMessage as object);
    else proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  return {
    proc,
    ask: (msg, kind) => {
      const answer = next(kind);
      proc.send(msg as object);
      return answer;
    },
    stop,
  };
}

type Server = Child<StreamServerMessage, StreamServerStart | StreamServerControl> & { port: number; key: string | null };
type Clients = Child<ClientsMessage, ClientsControl>;

async function startServer(start: StreamServerStart, name: string): Promise<Server> {
  const child = forkChild<StreamServerMessage, StreamServerStart | StreamServerControl>('./lib/stream-server.ts', name, { kind: 'stop' });
  const ready = (await child.ask(start, 'ready')) as Extract<StreamServerMessage, { kind: 'ready' }>;
  return Object.assign(child, { port: ready.port, key: ready.key });
}

async function connect(clients: Clients, group: string, url: string, headers: Record<string, string>, count: number, subscribe: string | null): Promise<number> {
  const answer = (await clients.ask({ kind: 'connect', group, url, headers, count, subscribe, inFlight: CONNECTING }, 'connected')) as Extract<ClientsMessage, { kind: 'connected' }>;
  if (answer.failed > 0) throw new Error(`${group}: ${answer.failed} of ${count} connections failed (first: ${answer.firstError})`);
  return answer.ms;
}

const cpuOf = async (server: Server): Promise<number> => ((await server.ask({ kind: 'cpu' }, 'cpu')) as Extract<StreamServerMessage, { kind: 'cpu' }>).micros;

interface Measured {
  groups: GroupFigures[];
  complete: boolean;
  firstAt: number;
  /** Deliveries a second, first publish to last arrival. */
  perSecond: number;
  deliveries: number;
  expected: number;
  /** Server CPU (every server of the side) per delivery, µs. */
  cpuPerDelivery: number;
}

/** Has the clients count `count` events each while `publisher` publishes them, `intervalMs` apart. */
async function publishAndCollect(publisher: Server, clients: Clients, count: number, intervalMs: number, gameId: number): Promise<{ published: Extract<StreamServerMessage, { kind: 'published' }>; measured: Extract<ClientsMessage, { kind: 'measured' }> }> {
  const measuring = clients.ask({ kind: 'measure', expect: count, timeoutMs: count * intervalMs + 60_000 }, 'measured') as Promise<Extract<ClientsMessage, { kind: 'measured' }>>;
  // The clients must be counting before the first event leaves.
  await sleep(200);
  const published = (await publisher.ask({ kind: 'publish', count, intervalMs, gameId }, 'published')) as Extract<StreamServerMessage, { kind: 'published' }>;
  return { published, measured: await measuring };
}

/** Publishes `count` events on `publisher`, `intervalMs` apart (0: back to back), and collects what the clients saw. */
async function measure(publisher: Server, servers: readonly Server[], clients: Clients, count: number, intervalMs: number, totalClients: number): Promise<Measured> {
  // Warm-up, waited for to the last delivery: nothing of it may still be queued when the measured events leave.
  await publishAndCollect(publisher, clients, WARMUP_EVENTS, 0, 1);
  await sleep(500);
  const cpu0 = await Promise.all(servers.map(cpuOf));
  const { published, measured } = await publishAndCollect(publisher, clients, count, intervalMs, 2);
  const cpu1 = await Promise.all(servers.map(cpuOf));
  const deliveries = measured.groups.reduce((n, g) => n + g.deliveries, 0);
  const lastAt = Math.max(...measured.groups.map((g) => g.lastAt));
  const cpu = cpu1.reduce((n, c, i) => n + c - cpu0[i]!, 0);
  return {
    groups: measured.groups,
    complete: measured.complete,
    firstAt: published.firstAt,
    perSecond: (deliveries / (lastAt - published.firstAt)) * 1000,
    deliveries,
    expected: count * totalClients,
    cpuPerDelivery: cpu / Math.max(1, deliveries),
  };
}

/** The file descriptors this process (and so its children) may open. */
function openFileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

interface SideFigures {
  connectMs: number;
  rate: Measured;
  burst: Measured;
}

/** One instance: connect `n` clients, the match-day rate, then the burst; stops the server and the clients. */
async function oneInstance(server: Server, clients: Clients, url: string, headers: Record<string, string>, subscribe: string | null, n: number, opts: BenchOptions, label: string, profilePath: string | null = null): Promise<SideFigures> {
  progress(`${label}: connecting ${n} WebSocket clients…`);
  const connectMs = await connect(clients, label, url, headers, n, subscribe);
  progress(`${label}: ${n} connected in ${(connectMs / 1000).toFixed(1)} s; ${opts.streamRate} events/s for ${opts.streamSeconds} s…`);
  const count = opts.streamRate * opts.streamSeconds;
  if (profilePath) await server.ask({ kind: 'profile', action: 'start' }, 'profiling');
  const rate = await measure(server, [server], clients, count, 1000 / opts.streamRate, n);
  progress(`${label}: burst of ${opts.streamBurst} events…`);
  const burst = await measure(server, [server], clients, opts.streamBurst, 0, n);
  if (profilePath) await server.ask({ kind: 'profile', action: 'stop', path: profilePath }, 'profiled');
  await Promise.all([server.stop(), clients.ask({ kind: 'close' }, 'closed')]);
  return { connectMs, rate, burst };
}

/** Deletes the Redis keys of a bench deployment (a hash of its throwaway database's URL, so nobody else's). */
async function dropDeploymentKeys(redisUrl: string, dbUrl: string): Promise<void> {
  const deployment = createHash('sha256').update(dbUrl).digest('hex').slice(0, 12);
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `dbsbm:{${deployment}}:*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
  } finally {
    await client.close();
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

interface CrossFigures {
  remote: GroupFigures;
  local: GroupFigures;
  measured: Measured;
}

/** Two instances on Redis, `n` clients on each, events published on the first at the match-day rate. */
async function crossInstance(a: Server, b: Server, clients: Clients, path: string, headers: Record<string, string>, subscribe: string | null, n: number, opts: BenchOptions, label: string): Promise<CrossFigures> {
  progress(`${label}: connecting ${n} clients to each of two instances…`);
  await connect(clients, 'instance-1', `ws://127.0.0.1:${a.port}${path}`, headers, n, subscribe);
  await connect(clients, 'instance-2', `ws://127.0.0.1:${b.port}${path}`, headers, n, subscribe);
  progress(`${label}: ${opts.streamRate} events/s for ${opts.streamSeconds} s published on instance 1…`);
  const measured = await measure(a, [a, b], clients, opts.streamRate * opts.streamSeconds, 1000 / opts.streamRate, 2 * n);
  await Promise.all([a.stop(), b.stop(), clients.ask({ kind: 'close' }, 'closed')]);
  return { remote: measured.groups.find((g) => g.group === 'instance-2')!, local: measured.groups.find((g) => g.group === 'instance-1')!, measured };
}

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const n = opts.streamClients;
  // The machine's 1-minute load at the start and after each phase: other work on these 2 cores moves every figure.
  const loads = [loadavg()[0]!];
  const limit = openFileLimit();
  if (limit < n + 1_000) throw new Error(`${n} clients need more open files than this shell allows (ulimit -n is ${limit}): run \`ulimit -n ${n + 5_000}\` first, or pass --stream-clients=${Math.max(100, limit - 1_000)}`);
  const newClients = (): Clients => forkChild<ClientsMessage, ClientsControl>('./lib/stream-clients.ts', 'clients', null);
  const auth = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

  // Phase 1: one instance.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const profiles = opts.streamProfileDir ? { bare: join(opts.streamProfileDir, `stream-${stamp}.bare.cpuprofile`), ours: join(opts.streamProfileDir, `stream-${stamp}.ours.cpuprofile`) } : null;
  if (opts.streamProfileDir) await mkdir(opts.streamProfileDir, { recursive: true });
  const bareServer = await startServer({ kind: 'bare', redisUrl: null, channel: '' }, 'bare server');
  let clients = newClients();
  const bare = await oneInstance(bareServer, clients, `ws://127.0.0.1:${bareServer.port}/`, {}, null, n, opts, 'bare ws loop', profiles?.bare ?? null);
  await clients.stop();

  const db = await freshDatabase(kind, opts.databaseUrl);
  const dropDb = onCleanup(() => db.drop());
  const oursServer = await startServer({ kind: 'ours', dbUrl: db.url, redisUrl: null, seed: true }, 'ours');
  clients = newClients();
  const ours = await oneInstance(oursServer, clients, `ws://127.0.0.1:${oursServer.port}/api/v1/ws`, auth(oursServer.key), SUBSCRIBE, n, opts, 'ours', profiles?.ours ?? null);
  await clients.stop();
  await dropDb();

  const p = `${n}_subscribers.`;
  const one = (side: SideFigures, m: 'rate' | 'burst'): GroupFigures => side[m].groups[0]!;
  emit('stream', `${p}connect_all_s`, ours.connectMs / 1000, bare.connectMs / 1000);
  emit('stream', `${p}matchday_events_per_s`, opts.streamRate, opts.streamRate);
  emit('stream', `${p}matchday_latency_p50_ms`, one(ours, 'rate').p50, one(bare, 'rate').p50);
  emit('stream', `${p}matchday_latency_p90_ms`, one(ours, 'rate').p90, one(bare, 'rate').p90);
  emit('stream', `${p}matchday_latency_p99_ms`, one(ours, 'rate').p99, one(bare, 'rate').p99);
  emit('stream', `${p}matchday_latency_max_ms`, one(ours, 'rate').max, one(bare, 'rate').max);
  emit('stream', `${p}matchday_server_cpu_us_per_delivery`, ours.rate.cpuPerDelivery, bare.rate.cpuPerDelivery);
  emit('stream', `${p}burst_deliveries_per_s`, ours.burst.perSecond, bare.burst.perSecond);
  emit('stream', `${p}burst_latency_p50_ms`, one(ours, 'burst').p50, one(bare, 'burst').p50);
  emit('stream', `${p}burst_latency_p99_ms`, one(ours, 'burst').p99, one(bare, 'burst').p99);
  emit('stream', `${p}burst_server_cpu_us_per_delivery`, ours.burst.cpuPerDelivery, bare.burst.cpuPerDelivery);
  const missing = (m: Measured): number => m.expected - m.deliveries;
  loads.push(loadavg()[0]!);
  emit('stream', `${p}deliveries_missing`, missing(ours.rate) + missing(ours.burst), missing(bare.rate) + missing(bare.burst));

  // Phase 2: across instances, on Redis.
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  let cross: { ours: CrossFigures; bare: CrossFigures } | null = null;
  if (await redisAnswers(redisUrl)) {
    const c = opts.streamCrossClients;
    const channel = `dbsbm-bench-stream-${process.pid}-${Date.now()}`;
    const bareA = await startServer({ kind: 'bare', redisUrl, channel }, 'bare instance 1');
    const bareB = await startServer({ kind: 'bare', redisUrl, channel }, 'bare instance 2');
    clients = newClients();
    const bareCross = await crossInstance(bareA, bareB, clients, '/', {}, null, c, opts, 'bare Redis pub/sub + ws loop');
    await clients.stop();

    const db2 = await freshDatabase(kind, opts.databaseUrl);
    const dropDb2 = onCleanup(async () => {
      await dropDeploymentKeys(redisUrl, db2.url).catch(() => undefined);
      await db2.drop();
    });
    const oursA = await startServer({ kind: 'ours', dbUrl: db2.url, redisUrl, seed: true }, 'ours instance 1');
    const oursB = await startServer({ kind: 'ours', dbUrl: db2.url, redisUrl, seed: false }, 'ours instance 2');
    clients = newClients();
    const oursCross = await crossInstance(oursA, oursB, clients, '/api/v1/ws', auth(oursA.key), SUBSCRIBE, c, opts, 'ours on Redis');
    await clients.stop();
    await dropDb2();
    cross = { ours: oursCross, bare: bareCross };
    loads.push(loadavg()[0]!);
    const q = `cross_instance_${c}_per_instance.`;
    emit('stream', `${q}latency_p50_ms`, oursCross.remote.p50, bareCross.remote.p50);
    emit('stream', `${q}latency_p99_ms`, oursCross.remote.p99, bareCross.remote.p99);
    emit('stream', `${q}latency_max_ms`, oursCross.remote.max, bareCross.remote.max);
    emit('stream', `${q}publishing_instance_latency_p50_ms`, oursCross.local.p50, bareCross.local.p50);
    emit('stream', `${q}publishing_instance_latency_p99_ms`, oursCross.local.p99, bareCross.local.p99);
    emit('stream', `${q}server_cpu_us_per_delivery`, oursCross.measured.cpuPerDelivery, bareCross.measured.cpuPerDelivery);
    emit('stream', `${q}deliveries_missing`, missing(oursCross.measured), missing(bareCross.measured));
  } else {
    progress(`Redis does not answer at ${redisUrl.replace(/\/\/[^@]*@/, '//…@')}: the cross-instance phase is skipped`);
  }

  emit('stream', 'load_average_max', Math.max(...loads), null);
  emitGoal('stream', `p99 ms at ${n} subscribers (match-day rate)`, one(ours, 'rate').p99, '<', GOAL_P99_MS);
  if (cross) emitGoal('stream', `cross-instance p99 ms at ${opts.streamCrossClients} per instance`, cross.ours.remote.p99, '<', GOAL_P99_MS);
  emitGoal('stream', 'deliveries/s / bare ws loop (burst)', ours.burst.perSecond / bare.burst.perSecond, '>=', GOAL_RATIO);

  for (const [side, path] of Object.entries(profiles ?? {})) {
    const summary = await summarizeProfile(path);
    progress(`profile of the ${side} server over its measured runs (${path}): ${summary.samples} samples, ${(summary.idle * 100).toFixed(0)} % idle; of the busy ones, self time by function:`);
    for (const l of summary.self) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    progress('  self time by package or file:');
    for (const l of summary.byPackage) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    if (side === 'ours') {
      progress('  on the stack, by file of src/:');
      for (const l of summary.ownFiles) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    }
  }

  const lost = missing(ours.rate) + missing(ours.burst) + (cross ? missing(cross.ours.measured) : 0);
  const incomplete = [ours.rate, ours.burst, bare.rate, bare.burst, ...(cross ? [cross.ours.measured, cross.bare.measured] : [])].some((m) => !m.complete);
  progress(`deliveries missing: ours ${lost}, bare ${missing(bare.rate) + missing(bare.burst) + (cross ? missing(cross.bare.measured) : 0)}${lost || incomplete ? ' — MISSING DELIVERIES' : ' — OK'}`);
  if (lost || incomplete) process.exitCode = 1;
}
