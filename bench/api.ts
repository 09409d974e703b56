/**
 * `api`: the public REST API under load, beside bare Express 5 answering the same JSON. Setup (not measured): the
 * deployment of plugins.config.ts (every plugin, the betting feed off, the job worker off) on a fresh database, a
 * Platinum server with a busy history (bench/lib/api-seed.ts: about 5,000 bets, 4,000 of them settled by the plugin,
 * parlays and tails among the newest), and API keys.
 *
 * Processes: the app runs in a child process of its own, the bare Express app in another
 * (bench/lib/api-server.ts), and autocannon in this one, so the load generator never shares an event loop with the
 * server it measures. On 2 cores the three (and MariaDB and Redis, when set) share the CPUs: both sides pay that.
 *
 * Each target gets one autocannon run of `--api-connections` (default 50) keep-alive connections, one request in
 * flight each: once every connection has had an answer (a saturated Node server accepts one new connection per turn
 * of its event loop, so that takes a while; printed as `stats_ramp_s` and `list_ramp_s`), a warm-up of a fifth of
 * the window (at least 1 s), then `--api-duration` seconds measured (default 10, 3 with --quick); see
 * bench/lib/api-load.ts. Besides req/s and latency, the server's CPU time per answer in the window (user + system of
 * its process) is printed: unlike req/s it hardly depends on what else the machine runs. Targets, in this order:
 *   1. bare `GET /api/v1/betting/stats`: Express 5 answering the JSON captured from ours;
 *   2. ours `GET /api/v1/betting/stats`: key, rate limit, usage, gate, validation, the stats cache (a cached GET);
 *   3. bare `GET /api/v1/betting/bets?limit=20`: the list's SQL through the driver, mapped to the same JSON page;
 *   4. ours `GET /api/v1/betting/bets?limit=20`: the same, through the ORM, keys, limits and usage;
 *   5. ours `POST /api/v1/graphql` with the query for the same page and every field the REST list answers.
 * Before the load, the bare answers are checked to be deep-equal to ours, and GraphQL's page to equal the REST page.
 * Then every target again at a fixed rate, a quarter of ours' saturated throughput (the same rate for bare and ours;
 * the list's for GraphQL too), evenly spaced over the same 50 connections: saturated, a closed loop of 50 connections
 * measures mostly queueing (latency ≈ 50 / throughput, so a p99 under 20 ms needs more than 2,500 answers a second),
 * paced, what a request costs while the server keeps up. A quarter, not a half: a request costs the app more CPU at
 * a low rate than when saturated (fewer requests share each turn of the event loop, Redis commands are pipelined
 * less), so half of the saturated rate kept it 80-95 % busy. Those are printed as `paced_*`.
 *
 * Keys: a key may make at most `api_rate_limit` calls a minute (a window from its first call), and the plan limit
 * tops out at 100,000: 1,667 calls a second, which one key would exceed on faster hardware (and a GraphQL page of 20
 * bets with every field weighs 7 calls). So the server holds as many keys as it may (25), each at 100,000 a minute,
 * and connection i sends key i mod 25 (the fixed-rate runs: request i): 2,500,000 calls a minute in all, far beyond
 * what the app answers. Any answer other than 2xx (a 429 would mean a window filled) is counted and printed (and
 * fails the bench), and only 2xx answers count towards req/s and latency.
 *
 * Goals (the issue): at 50 connections, ours >= 0.6x the bare route's throughput and p99 < 20 ms, for the cached
 * stats and the DB-backed list; GraphQL's page is held to the same against the bare list. The goal lines are the
 * saturated runs', as the issue states them.
 *
 * --api-profile[=dir] profiles the app's process over ours' three measured windows (V8's sampler) and prints the top
 * costs; the figures of a profiled run are slower than usual. --api-log-level=silent turns off the app's request log
 * (default info, as deployed: one JSON line per request, here to /dev/null). --api-list-index is a what-if: the list
 * with an index on betting_bets (guild_id, placed_at, id), made by hand after seeding (no migration has it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { load, loadAtRate, type LoadResult, type LoadTarget } from './lib/api-load.ts';
import type { Seeded } from './lib/api-seed.ts';
import type { ServerControl, ServerMessage, ServerStart } from './lib/api-server.ts';
import { onCleanup } from './lib/cleanup.ts';
import { freshDatabase, type DbKind } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { summarizeProfile } from './lib/profile-summary.ts';
import { emit, emitGoal, progress } from './lib/report.ts';

const STATS_PATH = '/api/v1/betting/stats';
const BETS_PATH = '/api/v1/betting/bets?limit=20';
const GRAPHQL_PATH = '/api/v1/graphql';
/** The REST list's page as a GraphQL query: the same 20 bets with every field the REST answer has. */
const GRAPHQL_QUERY = `query Bets {
  bets(first: 20) {
    data {
      id userId type status verified units decimal american odds toWin net placedAt settledAt gameId market selection
      line description sport league source { betId kind } legs { gameId market selection line decimal result }
    }
    hasMore
    nextCursor
  }
}`;
const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 20;
/** The fixed-rate runs' rate, as a share of ours' saturated throughput. */
const PACED_SHARE = 0.25;

type Ready = Extract<ServerMessage, { kind: 'ready' }>;

interface ServerHandle extends Ready {
  url: string;
  /** Sends `msg` and waits for the next message of `kind`. */
  ask(msg: ServerControl, kind: ServerMessage['kind']): Promise<ServerMessage>;
  stop(): Promise<void>;
}

/** Forks bench/lib/api-server.ts (stdout to /dev/null: the app's request log), starts it with `start`, waits for `ready`. */
async function startServer(start: ServerStart): Promise<ServerHandle> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./lib/api-server.ts', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = (kind: ServerMessage['kind']): Promise<ServerMessage> =>
    new Promise((resolveMsg, reject) => {
      const onMessage = (msg: ServerMessage): void => {
        if (msg.kind !== kind && msg.kind !== 'failed') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (msg.kind === 'failed') reject(new Error(`${start.kind} server: ${msg.message}`));
        else resolveMsg(msg);
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`${start.kind} server exited (${code}) before answering`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send({ kind: 'stop' } satisfies ServerControl);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  const ready = next('ready');
  child.send(start);
  const msg = (await ready) as Ready;
  return {
    ...msg,
    url: `http://127.0.0.1:${msg.port}`,
    ask: (control, kind) => {
      const answer = next(kind);
      child.send(control);
      return answer;
    },
    stop,
  };
}

/** One call, its JSON answer (throws unless 200). */
async function json(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
const graphqlBody = JSON.stringify({ query: GRAPHQL_QUERY });
const GRAPHQL_HEADERS = { 'content-type': 'application/json' };

interface Captured {
  stats: unknown;
  list: { data: unknown[]; has_more: boolean; next_cursor: string | null };
}

/** Ours' answers, checked against the bare app's and GraphQL's; returns what did not match (empty: all did). */
async function checkAnswers(ours: ServerHandle, bare: ServerHandle, captured: Captured): Promise<string[]> {
  const key = ours.keys[0]!;
  const problems: string[] = [];
  if (!isDeepStrictEqual(await json(`${bare.url}${STATS_PATH}`), captured.stats)) problems.push('bare /stats differs from ours');
  const bareList = await json(`${bare.url}${BETS_PATH}`);
  if (!isDeepStrictEqual(bareList, captured.list)) problems.push(`bare /bets differs from ours: ${firstDifference(bareList, captured.list)}`);
  const gql = (await json(`${ours.url}${GRAPHQL_PATH}`, { method: 'POST', headers: { ...auth(key), ...GRAPHQL_HEADERS }, body: graphqlBody })) as {
    data?: { bets?: { data: unknown[]; hasMore: boolean; nextCursor: string | null } };
    errors?: unknown[];
  };
  if (gql.errors?.length) problems.push(`GraphQL errors: ${JSON.stringify(gql.errors).slice(0, 300)}`);
  const page = gql.data?.bets;
  if (!page || !isDeepStrictEqual(page.data, captured.list.data) || page.hasMore !== captured.list.has_more || page.nextCursor !== captured.list.next_cursor) {
    problems.push(`GraphQL's page differs from the REST list: ${firstDifference(page ?? null, { data: captured.list.data, hasMore: captured.list.has_more, nextCursor: captured.list.next_cursor })}`);
  }
  return problems;
}

/** Where two JSON values first differ, for the report (`data.3.odds: "+110" vs "-110"`). */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '(equal)';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, path ? `${path}.${k}` : k);
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}

const describeRun = (name: string, r: LoadResult & { cpuUsPerRequest: number }, load1m: number): string =>
  `${name.padEnd(19)} ${r.perSecond.toFixed(0).padStart(6)} req/s   server CPU ${(r.cpuUsPerRequest / 1000).toFixed(2).padStart(5)} ms/req   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms` +
  `   2xx ${r.ok}${Object.keys(r.notOk).length ? `   other: ${JSON.stringify(r.notOk)}` : ''}${r.errors ? `   errors ${r.errors}` : ''}${r.timeouts ? `   timeouts ${r.timeouts}` : ''}` +
  `   (all ${r.connected} connections answering after ${r.rampS.toFixed(1)} s; load average ${load1m.toFixed(1)})`;

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const connections = opts.apiConnections;
  const duration = opts.apiDurationS;
  const warmup = Math.max(1, Math.round(duration / 5));
  const db = await freshDatabase(kind, opts.databaseUrl);
  const dropDb = onCleanup(() => db.drop());

  progress(`ours on ${kind}${process.env.REDIS_URL ? ' + Redis' : ''}: booting plugins.config.ts in its own process and seeding…`);
  const ours = await startServer({ kind: 'ours', dbUrl: db.url, logLevel: opts.apiLogLevel, listIndex: opts.apiListIndex });
  if (opts.apiListIndex) progress('what-if: betting_bets (guild_id, placed_at, id) indexed by hand after seeding (--api-list-index)');
  const seeded: Seeded = ours.seeded!;
  progress(`seeded ${seeded.bets} bets (${seeded.settled} settled, ${seeded.parlays} parlays, ${seeded.tails} tails) of ${seeded.members} members; ${ours.keys.length} keys`);
  const key = ours.keys[0]!;
  const captured: Captured = {
    stats: await json(`${ours.url}${STATS_PATH}`, { headers: auth(key) }),
    list: (await json(`${ours.url}${BETS_PATH}`, { headers: auth(key) })) as Captured['list'],
  };
  const bare = await startServer({ kind: 'bare', dbUrl: db.url, stats: captured.stats, oddsFormat: ours.oddsFormat });
  const problems = await checkAnswers(ours, bare, captured);
  for (const p of problems) progress(`MISMATCH: ${p}`);

  const targets: Record<'bareStats' | 'oursStats' | 'bareList' | 'oursList' | 'graphql', { name: string; target: LoadTarget; ours: boolean }> = {
    bareStats: { name: 'bare GET /stats', ours: false, target: { url: `${bare.url}${STATS_PATH}`, method: 'GET', keys: ours.keys } },
    oursStats: { name: 'ours GET /stats', ours: true, target: { url: `${ours.url}${STATS_PATH}`, method: 'GET', keys: ours.keys } },
    bareList: { name: 'bare GET /bets', ours: false, target: { url: `${bare.url}${BETS_PATH}`, method: 'GET', keys: ours.keys } },
    oursList: { name: 'ours GET /bets', ours: true, target: { url: `${ours.url}${BETS_PATH}`, method: 'GET', keys: ours.keys } },
    graphql: { name: 'ours POST /graphql', ours: true, target: { url: `${ours.url}${GRAPHQL_PATH}`, method: 'POST', body: graphqlBody, headers: GRAPHQL_HEADERS, keys: ours.keys } },
  };
  // The machine may be shared (CI, other work): the 1-minute load average after each run says how quiet it was.
  const loads: number[] = [];
  const profilePath = opts.apiProfileDir ? join(resolve(opts.apiProfileDir), `api-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`) : null;
  if (profilePath) await mkdir(resolve(opts.apiProfileDir!), { recursive: true });
  type Id = keyof typeof targets;
  type Measured = LoadResult & { cpuUsPerRequest: number };
  const measure = async (id: Id, rate?: number): Promise<Measured> => {
    const t = targets[id];
    const server = t.ours ? ours : bare;
    const cpu = async (): Promise<number> => ((await server.ask({ kind: 'cpu' }, 'cpu')) as Extract<ServerMessage, { kind: 'cpu' }>).micros;
    const profiled = profilePath !== null && t.ours && rate === undefined;
    let cpuAtOpen = 0;
    let cpuInWindow = 0;
    const hooks = {
      async opened() {
        if (profiled) await ours.ask({ kind: 'profile', action: 'start' }, 'profiling');
        cpuAtOpen = await cpu();
      },
      async closed() {
        cpuInWindow = (await cpu()) - cpuAtOpen;
        if (profiled) await ours.ask({ kind: 'profile', action: 'stop', path: `${profilePath}.${id}` }, 'profiled');
      },
    };
    const result = rate === undefined ? await load(t.target, connections, duration, warmup, hooks) : await loadAtRate(t.target, connections, duration, warmup, rate, hooks);
    const measured = { ...result, cpuUsPerRequest: cpuInWindow / Math.max(1, result.ok) };
    loads.push(loadavg()[0]!);
    progress(describeRun(`${t.name}${rate === undefined ? '' : ` @${rate}/s`}`, measured, loads[loads.length - 1]!));
    return measured;
  };
  const ids = Object.keys(targets) as Id[];
  progress(`${connections} connections per target: once all have answered, ${warmup} s warm-up, then ${duration} s measured${profilePath ? ' (profiling ours: slower than usual)' : ''}…`);
  const results = {} as Record<Id, Measured>;
  for (const id of ids) results[id] = await measure(id);
  // Saturated, a closed loop of 50 connections measures queueing (latency ≈ 50 / throughput); at a share of ours'
  // throughput, the same rate for both sides, latency is what a request costs while the server keeps up.
  const statsRate = Math.max(1, Math.round(results.oursStats.perSecond * PACED_SHARE));
  const listRate = Math.max(1, Math.round(Math.min(results.oursList.perSecond, results.graphql.perSecond) * PACED_SHARE));
  const rates: Record<Id, number> = { bareStats: statsRate, oursStats: statsRate, bareList: listRate, oursList: listRate, graphql: listRate };
  progress(`the same at a fixed rate, a quarter of ours' throughput: /stats ${statsRate}/s, the list and GraphQL ${listRate}/s…`);
  const paced = {} as Record<Id, Measured>;
  for (const id of ids) paced[id] = await measure(id, rates[id]);
  await bare.stop();
  await ours.stop();
  await dropDb();

  const p = `${kind}.`;
  const r = results;
  emit('api', `${p}connections`, connections, connections);
  emit('api', `${p}seconds_per_target`, duration, duration);
  emit('api', `${p}bets_seeded`, seeded.bets, null);
  emit('api', `${p}stats_per_s`, r.oursStats.perSecond, r.bareStats.perSecond);
  emit('api', `${p}stats_p50_ms`, r.oursStats.p50, r.bareStats.p50);
  emit('api', `${p}stats_p99_ms`, r.oursStats.p99, r.bareStats.p99);
  emit('api', `${p}stats_cpu_ms_per_req`, r.oursStats.cpuUsPerRequest / 1000, r.bareStats.cpuUsPerRequest / 1000);
  emit('api', `${p}list_per_s`, r.oursList.perSecond, r.bareList.perSecond);
  emit('api', `${p}list_p50_ms`, r.oursList.p50, r.bareList.p50);
  emit('api', `${p}list_p99_ms`, r.oursList.p99, r.bareList.p99);
  emit('api', `${p}list_cpu_ms_per_req`, r.oursList.cpuUsPerRequest / 1000, r.bareList.cpuUsPerRequest / 1000);
  // GraphQL beside the REST list (baseline: ours over REST), then beside the bare list.
  emit('api', `${p}graphql_per_s_vs_rest`, r.graphql.perSecond, r.oursList.perSecond);
  emit('api', `${p}graphql_p50_ms_vs_rest`, r.graphql.p50, r.oursList.p50);
  emit('api', `${p}graphql_p99_ms_vs_rest`, r.graphql.p99, r.oursList.p99);
  emit('api', `${p}graphql_cpu_ms_vs_rest`, r.graphql.cpuUsPerRequest / 1000, r.oursList.cpuUsPerRequest / 1000);
  emit('api', `${p}graphql_per_s_vs_bare`, r.graphql.perSecond, r.bareList.perSecond);
  const notOk = (x: LoadResult): number => Object.values(x.notOk).reduce((s, n) => s + n, 0) + x.errors + x.timeouts;
  const oursNotOk = [r.oursStats, r.oursList, r.graphql, paced.oursStats, paced.oursList, paced.graphql].reduce((sum, x) => sum + notOk(x), 0);
  emit('api', `${p}non_2xx_or_errors`, oursNotOk, [r.bareStats, r.bareList, paced.bareStats, paced.bareList].reduce((sum, x) => sum + notOk(x), 0));
  emit('api', `${p}paced_stats_rate_per_s`, statsRate, statsRate);
  emit('api', `${p}paced_stats_p50_ms`, paced.oursStats.p50, paced.bareStats.p50);
  emit('api', `${p}paced_stats_p99_ms`, paced.oursStats.p99, paced.bareStats.p99);
  emit('api', `${p}paced_list_rate_per_s`, listRate, listRate);
  emit('api', `${p}paced_list_p50_ms`, paced.oursList.p50, paced.bareList.p50);
  emit('api', `${p}paced_list_p99_ms`, paced.oursList.p99, paced.bareList.p99);
  emit('api', `${p}paced_graphql_p50_vs_rest`, paced.graphql.p50, paced.oursList.p50);
  emit('api', `${p}paced_graphql_p99_vs_rest`, paced.graphql.p99, paced.oursList.p99);
  emit('api', `${p}stats_ramp_s`, r.oursStats.rampS, r.bareStats.rampS);
  emit('api', `${p}list_ramp_s`, r.oursList.rampS, r.bareList.rampS);
  emit('api', `${p}answers_mismatched`, problems.length, 0);
  emit('api', `${p}load_average_max`, Math.max(...loads), null);
  emitGoal('api', `${p}stats req/s / bare`, r.oursStats.perSecond / r.bareStats.perSecond, '>=', GOAL_RATIO);
  emitGoal('api', `${p}stats p99 ms`, r.oursStats.p99, '<', GOAL_P99_MS);
  emitGoal('api', `${p}list req/s / bare`, r.oursList.perSecond / r.bareList.perSecond, '>=', GOAL_RATIO);
  emitGoal('api', `${p}list p99 ms`, r.oursList.p99, '<', GOAL_P99_MS);
  emitGoal('api', `${p}graphql req/s / bare list`, r.graphql.perSecond / r.bareList.perSecond, '>=', GOAL_RATIO);
  emitGoal('api', `${p}graphql p99 ms`, r.graphql.p99, '<', GOAL_P99_MS);

  if (profilePath) {
    for (const id of ['oursStats', 'oursList', 'graphql'] as const) {
      const summary = await summarizeProfile(`${profilePath}.${id}`);
      progress(`profile of ${targets[id].name} (${profilePath}.${id}): ${summary.samples} samples, ${(summary.idle * 100).toFixed(0)} % idle; of the busy ones, self time by function:`);
      for (const l of summary.self) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
      progress('  self time by package or file:');
      for (const l of summary.byPackage) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
      progress('  on the stack, by file of src/:');
      for (const l of summary.ownFiles) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    }
  }
  if (problems.length || oursNotOk > 0) process.exitCode = 1;
}
