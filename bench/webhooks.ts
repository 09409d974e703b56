/**
 * `webhooks`: N `webhook.custom` events, published durably one by one (each in its own transaction, sequentially, as
 * fast as the publisher can commit) to one platinum guild with one `standard` endpoint subscribed to `custom`,
 * delivered to a local receiver (node:http on 127.0.0.1, answers 204 at once, records the first arrival of each
 * `webhook-id`). Ours: the core + betting + webhooks plugins with the job worker running (durable event job →
 * fan-out → delivery job; delivery jobs are claimed, sent and recorded in batches over keep-alive connections).
 * Baseline: a bare loop of the same signed POSTs (bodies and headers precomputed) to the same kind of receiver with the
 * same number in flight, no database, over keep-alive connections too (a `http.Agent` with `keepAlive` and as many
 * sockets as requests in flight), since the delivery worker keeps its connections alive (at most 16 per receiver):
 * comparing a pooled client with one that opens a connection per POST would flatter ours.
 *
 * Throughput: first publish to last arrival (baseline: first request to last arrival). Latency: from the commit of
 * each event's transaction (baseline: the start of each request) to its first arrival. Every webhook-id must arrive
 * (distinct ids = N); arrivals beyond the first are counted as duplicates. Publishing as fast as possible outruns the
 * pipeline, so that latency is mostly queueing; a second phase sends min(100, N) events one at a time (the next once
 * the previous has arrived; baseline: one POST at a time) for the latency of an idle pipeline, and a third publishes
 * N more events in one transaction (`publishManyInTransaction`) for the pipeline's capacity when the publisher is not
 * the limit (it is on MariaDB, where each commit takes milliseconds).
 *
 * Goals (issue 14), printed as `goal …` lines whose ratio says how far off they are: the one-transaction phase's
 * deliveries/s against 2,000 (ratio ≥ 1 meets it) and against the bare loop (ratio ≥ 0.5), and the idle pipeline's
 * event-to-delivery p99 against 250 ms (ratio < 1 meets it). The pipeline's capacity is the one-transaction figure:
 * publishing one event per transaction is the publisher's limit on MariaDB, not the pipeline's.
 */
import { randomUUID } from 'node:crypto';
import http, { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { App } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config/env.ts';
import webhooks from '../src/plugins/webhooks/index.ts';
import type { WebhooksContext } from '../src/plugins/webhooks/services/context.ts';
import { addEndpoint } from '../src/plugins/webhooks/services/endpoints.ts';
import { formatBody } from '../src/plugins/webhooks/services/formats.ts';
import { generateSecret, webhookHeaders } from '../src/plugins/webhooks/services/signing.ts';
import { onCleanup } from './lib/cleanup.ts';
import { bettingEntry, freshDatabase, type DbKind } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { emit, emitGoal, progress } from './lib/report.ts';
import { percentile, pool } from './lib/stats.ts';

const GUILD = '1100000000000000100';
const SECRET_KEY = 'bench-webhooks-key-0123456789-0123456789';
const WARMUP = 20;
/** Issue 14's goals for the pipeline. */
const GOAL_PER_S = 2_000;
const GOAL_RATIO = 0.5;
const GOAL_IDLE_P99_MS = 250;
/** Wall-clock milliseconds (epoch) with sub-millisecond resolution, comparable with the `Date.now()` the jobs table stores. */
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Receiver {
  url: string;
  port: number;
  /** First arrival (epoch ms) of each webhook-id. */
  first: Map<string, number>;
  /** Arrivals per webhook-id. */
  count: Map<string, number>;
  /** Resolves at the first arrival of `id` (at once if it is already in). */
  arrival(id: string): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver on loopback: notes the arrival of each webhook-id as soon as the request's headers are in, answers 204. */
async function startReceiver(): Promise<Receiver> {
  const first = new Map<string, number>();
  const count = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const server: Server = createServer((req, res) => {
    const at = now();
    const id = String(req.headers['webhook-id'] ?? '');
    if (!first.has(id)) {
      first.set(id, at);
      waiters.get(id)?.();
      waiters.delete(id);
    }
    count.set(id, (count.get(id) ?? 0) + 1);
    req.resume();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    first,
    count,
    arrival: (id) => (first.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(id, resolve))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) {
      progress(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      return false;
    }
    await sleep(10);
  }
  return true;
}

interface Side {
  wallMs: number;
  perSecond: number;
  latencies: number[];
  distinct: number;
  duplicates: number;
  /** HTTP round trip of one POST (request start → response read), p50. */
  httpP50: number;
  /** Unloaded latency: one event (or POST) at a time, the next once the previous has arrived. */
  idle: number[];
}

interface Ours extends Side {
  publishPerSecond: number;
  /** Per event, p50 (ms): commit → delivery job enqueued (event job wait + claim + publish + fan-out). */
  toFanout: number[];
  /** Per event: delivery job enqueued → arrival (wait + claim + endpoint read + sign + POST). */
  fanoutToArrival: number[];
  /** Per event: arrival → delivery job finished (attempt row, endpoint row read, finish). */
  arrivalToDone: number[];
  deliveredRows: number;
  jobsNotDone: number;
  /** Publishing transactions that failed with a deadlock and were retried (MariaDB). */
  deadlocks: number;
  /** Warm-up events that never arrived (they are not in the figures, but a lost event is a lost event). */
  warmupLost: number;
  /** The N events published in one transaction: first publish → last arrival. */
  batch: { perSecond: number; distinct: number; duplicates: number; wallMs: number };
}

/** The number of one-at-a-time events (or POSTs) for the unloaded latency. */
const idleCount = (n: number): number => Math.min(100, n);

/** Waits for `id` to arrive, at most `ms`. */
const arrivedWithin = (receiver: Receiver, id: string, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    receiver.arrival(id).then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
};

function summarize(ids: Map<string, number>, receiver: Receiver, t0: number): Omit<Side, 'httpP50' | 'idle'> {
  let last = t0;
  let distinct = 0;
  let duplicates = 0;
  const latencies: number[] = [];
  for (const [id, start] of ids) {
    const at = receiver.first.get(id);
    if (at === undefined) continue;
    distinct++;
    duplicates += (receiver.count.get(id) ?? 1) - 1;
    latencies.push(at - start);
    if (at > last) last = at;
  }
  const wallMs = last - t0;
  return { wallMs, perSecond: (distinct / wallMs) * 1000, latencies, distinct, duplicates };
}

interface Prepared {
  msgId: string;
  body: string;
  headers: Record<string, string>;
}

/** One POST over the loop's keep-alive pool (as the delivery worker sends); resolves when the response is read. */
function post(port: number, r: Prepared, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function bare(n: number, concurrency: number): Promise<Side> {
  const receiver = await startReceiver();
  const closeReceiver = onCleanup(receiver.close);
  const secret = generateSecret();
  const timestamp = new Date().toISOString();
  const requests: Prepared[] = Array.from({ length: WARMUP + n + idleCount(n) }, (_, i) => {
    const msgId = `msg_${randomUUID()}`;
    const body = formatBody('standard', { type: 'custom.bench', timestamp, data: { guildId: GUILD, name: 'bench', data: { n: i } } });
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'DBSBM-Webhooks/1.0',
      ...webhookHeaders([secret], msgId, Math.floor(Date.now() / 1000), body),
      'content-length': String(Buffer.byteLength(body)),
    };
    return { msgId, body, headers };
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const closeAgent = onCleanup(() => agent.destroy());
  await pool(WARMUP, concurrency, (i) => post(receiver.port, requests[i]!, agent));
  const started = new Map<string, number>();
  const t0 = now();
  const run = await pool(n, concurrency, async (i) => {
    const r = requests[WARMUP + i]!;
    started.set(r.msgId, now());
    await post(receiver.port, r, agent);
  });
  if (run.errors) progress(`bare POSTs: ${run.errors} errors, e.g. ${run.errorSamples.join('; ')}`);
  await waitFor(() => [...started.keys()].every((id) => receiver.first.has(id)), 'the bare POSTs', 10_000);
  const idle: number[] = [];
  for (const r of requests.slice(WARMUP + n)) {
    const t = now();
    await post(receiver.port, r, agent);
    idle.push(receiver.first.get(r.msgId)! - t);
  }
  const side = { ...summarize(started, receiver, t0), httpP50: percentile(run.latencies, 50), idle };
  await closeAgent();
  await closeReceiver();
  return side;
}

type RawRow = Record<string, unknown>;

async function ours(kind: DbKind, baseUrl: string | undefined, n: number, concurrency: number, pollMs: number): Promise<Ours> {
  const db = await freshDatabase(kind, baseUrl);
  const dropDb = onCleanup(() => db.drop());
  const receiver = await startReceiver();
  const closeReceiver = onCleanup(receiver.close);
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  const app = await App.create({
    config,
    plugins: [bettingEntry(), { plugin: webhooks, options: { secretKey: SECRET_KEY, allowedHosts: ['127.0.0.1'] } }],
    logger: pino({ level: 'silent' }),
    bot: false,
    jobs: { pollMs, concurrency },
  });
  const closeApp = onCleanup(() => app.stop());
  await app.settings.setTier(GUILD, 'platinum');
  const ctx = app.contextOf('webhooks') as unknown as WebhooksContext;
  await addEndpoint(ctx, { guildId: GUILD, url: receiver.url, events: 'custom', format: 'standard' });
  await app.start();
  let deadlocks = 0;

  // On MariaDB the producer's INSERT into `jobs` can lose a deadlock against the worker's claim (see BENCHMARKS.md);
  // src/ does not retry it, so the benchmark does, as a careful caller would, and counts the retries.
  const withDeadlockRetry = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = err as { errno?: number; code?: string; cause?: { errno?: number } };
        const deadlock = e.errno === 1213 || e.code === 'ER_LOCK_DEADLOCK' || e.cause?.errno === 1213;
        if (!deadlock || attempt >= 10) throw err;
        deadlocks++;
      }
    }
  };
  const publish = async (i: number): Promise<string> =>
    `msg_${await withDeadlockRetry(() => ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'webhook.custom', { guildId: GUILD, name: 'bench', data: { n: i } })))}`;

  // Warm-up (not counted): the first events pay for JIT, statement preparation and the endpoint's secret box.
  const warm: string[] = [];
  for (let i = 0; i < WARMUP; i++) warm.push(await publish(-1 - i));
  await waitFor(() => warm.every((id) => receiver.first.has(id)), 'the warm-up events', 10_000);
  const warmupLost = warm.filter((id) => !receiver.first.has(id)).length;

  progress(`ours on ${kind}: publishing ${n} events one by one (job worker: poll ${pollMs} ms, concurrency ${concurrency})…`);
  const committed = new Map<string, number>();
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const id = await publish(i);
    committed.set(id, now());
  }
  const publishMs = now() - t0;
  progress(`published ${n} in ${(publishMs / 1000).toFixed(1)} s; waiting for the deliveries…`);
  await waitFor(() => [...committed.keys()].every((id) => receiver.first.has(id)), 'every delivery', 60_000);
  const side = summarize(committed, receiver, t0);

  // Let the last delivery jobs finish (and any duplicate arrive), then read what the job table saw.
  const conn = app.orm.em.fork().getConnection();
  const pending = async (): Promise<number> =>
    Number(((await conn.execute(`select count(*) as c from jobs where status not in ('done', 'skipped', 'dead')`, [], 'all')) as RawRow[])[0]!.c);
  for (let i = 0; i < 200 && (await pending()) > 0; i++) await sleep(25);
  await sleep(200);
  const jobs = (await conn.execute(
    `select plugin, name, idempotency_key, status, created_at, finished_at from jobs where (plugin = 'core' and name = 'event') or (plugin = 'webhooks' and name = 'deliver')`,
    [],
    'all',
  )) as RawRow[];
  const deliverJob = new Map<string, RawRow>();
  let jobsNotDone = 0;
  for (const j of jobs) {
    if (j.status !== 'done') jobsNotDone++;
    const key = String(j.idempotency_key);
    if (j.name === 'deliver') deliverJob.set(`msg_${key.split(':')[1]}`, j);
  }
  const toFanout: number[] = [];
  const fanoutToArrival: number[] = [];
  const arrivalToDone: number[] = [];
  for (const [id, at] of committed) {
    const d = deliverJob.get(id);
    const arrived = receiver.first.get(id);
    if (!d || arrived === undefined) continue;
    const enqueued = Number(d.created_at);
    toFanout.push(enqueued - at);
    fanoutToArrival.push(arrived - enqueued);
    if (d.finished_at !== null) arrivalToDone.push(Number(d.finished_at) - arrived);
  }
  const attempts = (await conn.execute(`select outcome, latency_ms from webhook_deliveries`, [], 'all')) as RawRow[];
  const delivered = attempts.filter((a) => a.outcome === 'delivered');
  const httpP50 = percentile(delivered.map((a) => Number(a.latency_ms)), 50);

  // Unloaded latency: one event at a time, each published once the previous one has arrived.
  progress(`one event at a time, ${idleCount(n)} times…`);
  const idle: number[] = [];
  let idleLost = 0;
  for (let i = 0; i < idleCount(n); i++) {
    const id = await publish(n + i);
    const t = now();
    if (await arrivedWithin(receiver, id, 10_000)) idle.push(receiver.first.get(id)! - t);
    else idleLost++;
  }
  if (idleLost) progress(`${idleLost} one-at-a-time events did not arrive within 10 s`);

  // Capacity: N events in one transaction (publishManyInTransaction), so the publisher is never the limit.
  progress(`${n} events in one transaction…`);
  const tb = now();
  const batchIds = (
    await withDeadlockRetry(() =>
      ctx.em().transactional((em) =>
        ctx.events.publishManyInTransaction(em, 'webhook.custom', Array.from({ length: n }, (_, i) => ({ guildId: GUILD, name: 'bench', data: { n: 2 * n + i } }))),
      ),
    )
  ).map((id) => `msg_${id}`);
  await waitFor(() => batchIds.every((id) => receiver.first.has(id)), 'every delivery of the batch', 60_000);
  const batch = summarize(new Map(batchIds.map((id) => [id, tb])), receiver, tb);

  await closeApp();
  await closeReceiver();
  await dropDb();
  return {
    ...side,
    httpP50,
    idle,
    batch: { perSecond: batch.perSecond, distinct: batch.distinct, duplicates: batch.duplicates, wallMs: batch.wallMs },
    publishPerSecond: (n / publishMs) * 1000,
    deadlocks,
    warmupLost,
    toFanout,
    fanoutToArrival,
    arrivalToDone,
    deliveredRows: delivered.length - WARMUP,
    jobsNotDone,
  };
}

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const n = opts.sizes.webhooks;
  const c = opts.concurrency;
  progress(`bare loop: ${n} signed POSTs, ${c} in flight…`);
  const base = await bare(n, c);
  const mine = await ours(kind, opts.databaseUrl, n, c, opts.webhooksPollMs);
  const p = `${kind}.`;
  const p50 = (xs: number[]) => percentile(xs, 50);
  emit('webhooks', `${p}events`, n, n);
  emit('webhooks', `${p}deliveries_per_s`, mine.perSecond, base.perSecond);
  emit('webhooks', `${p}first_to_last_ms`, mine.wallMs, base.wallMs);
  emit('webhooks', `${p}latency_p50_ms`, p50(mine.latencies), p50(base.latencies));
  emit('webhooks', `${p}latency_p99_ms`, percentile(mine.latencies, 99), percentile(base.latencies, 99));
  emit('webhooks', `${p}one_batch_deliveries_per_s`, mine.batch.perSecond, base.perSecond);
  emit('webhooks', `${p}one_batch_first_to_last_ms`, mine.batch.wallMs, base.wallMs);
  emit('webhooks', `${p}one_batch_distinct_webhook_ids`, mine.batch.distinct, n);
  emit('webhooks', `${p}one_at_a_time_latency_p50_ms`, p50(mine.idle), p50(base.idle));
  emit('webhooks', `${p}one_at_a_time_latency_p99_ms`, percentile(mine.idle, 99), percentile(base.idle, 99));
  emit('webhooks', `${p}http_post_p50_ms`, mine.httpP50, base.httpP50);
  emit('webhooks', `${p}distinct_webhook_ids`, mine.distinct, base.distinct);
  emit('webhooks', `${p}duplicate_arrivals`, mine.duplicates, base.duplicates);
  emit('webhooks', `${p}publish_per_s`, mine.publishPerSecond);
  emit('webhooks', `${p}stage_commit_to_fanout_p50_ms`, p50(mine.toFanout));
  emit('webhooks', `${p}stage_commit_to_fanout_p99_ms`, percentile(mine.toFanout, 99));
  emit('webhooks', `${p}stage_fanout_to_arrival_p50_ms`, p50(mine.fanoutToArrival));
  emit('webhooks', `${p}stage_fanout_to_arrival_p99_ms`, percentile(mine.fanoutToArrival, 99));
  emit('webhooks', `${p}stage_arrival_to_job_done_p50_ms`, p50(mine.arrivalToDone));
  emit('webhooks', `${p}delivered_attempt_rows`, mine.deliveredRows, n);
  emit('webhooks', `${p}jobs_not_done`, mine.jobsNotDone);
  emit('webhooks', `${p}publish_deadlocks_retried`, mine.deadlocks);
  emit('webhooks', `${p}warmup_events_lost`, mine.warmupLost, 0);
  emitGoal('webhooks', `${p}deliveries/s (one transaction)`, mine.batch.perSecond, '>=', GOAL_PER_S);
  emitGoal('webhooks', `${p}deliveries/s / bare POST loop`, mine.batch.perSecond / base.perSecond, '>=', GOAL_RATIO);
  emitGoal('webhooks', `${p}idle event-to-delivery p99 ms`, percentile(mine.idle, 99), '<', GOAL_IDLE_P99_MS);
  const ok = mine.distinct === n && base.distinct === n && mine.batch.distinct === n && mine.warmupLost === 0;
  progress(
    `distinct webhook-ids received: ours ${mine.distinct} (one by one) and ${mine.batch.distinct} (one batch), baseline ${base.distinct} (events: ${n}); ` +
      `duplicates: ours ${mine.duplicates + mine.batch.duplicates}, baseline ${base.duplicates}; warm-up events lost: ${mine.warmupLost} of ${WARMUP}` +
      `${ok ? ' — OK' : ' — MISSING DELIVERIES'}`,
  );
  if (!ok) process.exitCode = 1;
}
