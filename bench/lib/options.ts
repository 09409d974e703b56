import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of `npm run bench`, from argv (`--only=a,b`, `--quick`, `--commands-n=…`) and the environment. */
export interface BenchOptions {
  only: string[] | null;
  quick: boolean;
  /** `DATABASE_URL` as given: a mysql:// or mariadb:// URL benches on that server, anything else on SQLite. */
  databaseUrl: string | undefined;
  sizes: { commands: number; settlement: number; leaderboard: number; leaderboardUsers: number; webhooks: number; analytics: number; analyticsUsers: number; mixed: number; notifications: number };
  /** Commands in flight at once; for `webhooks`, the job worker's concurrency and the baseline's requests in flight. */
  concurrency: number;
  /** `commands`: commands in flight at once (`--commands-concurrency=`, else `--concurrency=`, else the goal's 20). */
  commandsConcurrency: number;
  /** `webhooks`: the job worker's poll interval in ms (the App's own default is 500). */
  webhooksPollMs: number;
  /** `analytics`: time with the covering roll-up index proposed in docs/BENCHMARKS.md, made by hand after the build. */
  analyticsCoverIndex: boolean;
  /** `analytics`: run ANALYZE on SQLite after the build, a what-if of docs/BENCHMARKS.md (MariaDB keeps statistics itself). */
  analyticsAnalyze: boolean;
  /** `api`: seconds of load per target (and a fifth of that, at least 1 s, of warm-up before each). */
  apiDurationS: number;
  /** `api`: connections autocannon keeps open (the goals are at 50). */
  apiConnections: number;
  /** `api`: write V8 CPU profiles of the app's process over ours' runs to this directory (then print their top). */
  apiProfileDir: string | null;
  /** `api`: the app's LOG_LEVEL (default info, as deployed: pino-http writes a JSON line per request, here to /dev/null). */
  apiLogLevel: string;
  /** `api`: a what-if: index betting_bets (guild_id, placed_at, id) by hand after seeding, for the list's keyset. */
  apiListIndex: boolean;
  /** `stream`: WebSocket subscribers on one instance (the goal is at 10,000). */
  streamClients: number;
  /** `stream`: events a second at the match-day rate. */
  streamRate: number;
  /** `stream`: seconds at the match-day rate. */
  streamSeconds: number;
  /** `stream`: events of the burst (each published as soon as the previous one is), for deliveries a second. */
  streamBurst: number;
  /** `stream`: clients on each of the two instances of the cross-instance phase (the goal is at 2,000). */
  streamCrossClients: number;
  /** `stream`: write a V8 CPU profile of ours' one-instance server over its measured runs to this directory. */
  streamProfileDir: string | null;
  /**
   * `notifications`: Discord's global limit as the emulator enforces it (Discord's is 50 requests/s; scaled up so
   * 10,000 DMs take seconds, not minutes). The plugin's `discordPerSecond` is 80 % of it, as production's 40 of 50.
   */
  notificationsDiscordLimit: number;
  /** `notifications`: the plugin's `discordPerSecond` (default 80 % of the limit), for a what-if of another share. */
  notificationsPluginPerSecond: number | null;
  /**
   * `notifications`: how DBSBM raises the results: `each`, one `raiseNow` per member (as the betting source does,
   * each with its own words); `bulk`, a what-if: requests of 500 members with the same words (one transaction each).
   */
  notificationsRaise: 'each' | 'bulk';
  /** `notifications`: also run DBSBM with bet results by e-mail only, for the e-mail path's rate without Discord. */
  notificationsEmailOnly: boolean;
  /** `notifications`: write a V8 CPU profile of the bench process over DBSBM's measured run to this directory. */
  notificationsProfileDir: string | null;
}

export const BENCHES = ['commands', 'settlement', 'leaderboard', 'mixed', 'webhooks', 'analytics', 'api', 'stream', 'notifications'] as const;
export type BenchName = (typeof BENCHES)[number];

function flag(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(prefix));
  if (hit === undefined) return undefined;
  return hit.startsWith(prefix) ? hit.slice(prefix.length) : 'true';
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

/** `--api-profile` alone profiles into the system's temporary directory; `--api-profile=dir` into `dir`. */
function profileDir(value: string | undefined): string | null {
  if (value === undefined || value === '' || value === '0') return null;
  return value === 'true' || value === '1' ? join(tmpdir(), 'dbsbm-api-profiles') : value;
}

function raiseMode(value: string | undefined): 'each' | 'bulk' {
  if (value === undefined || value === '' || value === 'each') return 'each';
  if (value === 'bulk') return 'bulk';
  throw new Error(`--notifications-raise is each or bulk, got "${value}"`);
}

export function parseOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const quick = flag(argv, 'quick') !== undefined || env.BENCH_QUICK === '1';
  const onlyRaw = flag(argv, 'only') ?? env.BENCH_ONLY;
  // `npm run bench -- stream api` names benchmarks as --only=stream,api does.
  const named = argv.filter((a) => (BENCHES as readonly string[]).includes(a));
  const only = onlyRaw ? onlyRaw.split(',').map((s) => s.trim()).filter(Boolean) : named.length ? named : null;
  for (const name of only ?? []) {
    if (!(BENCHES as readonly string[]).includes(name)) throw new Error(`unknown benchmark "${name}"; choose from ${BENCHES.join(', ')}`);
  }
  return {
    only,
    quick,
    databaseUrl: env.DATABASE_URL || undefined,
    sizes: {
      commands: positiveInt(flag(argv, 'commands-n') ?? env.BENCH_COMMANDS_N, '--commands-n') ?? (quick ? 500 : 10_000),
      settlement: positiveInt(flag(argv, 'settlement-n') ?? env.BENCH_SETTLEMENT_N, '--settlement-n') ?? (quick ? 10_000 : 100_000),
      leaderboard: positiveInt(flag(argv, 'leaderboard-n') ?? env.BENCH_LEADERBOARD_N, '--leaderboard-n') ?? (quick ? 50_000 : 1_000_000),
      leaderboardUsers: positiveInt(flag(argv, 'leaderboard-users') ?? env.BENCH_LEADERBOARD_USERS, '--leaderboard-users') ?? 2_000,
      webhooks: positiveInt(flag(argv, 'webhooks-n') ?? env.BENCH_WEBHOOKS_N, '--webhooks-n') ?? (quick ? 200 : 2_000),
      analytics: positiveInt(flag(argv, 'analytics-n') ?? env.BENCH_ANALYTICS_N, '--analytics-n') ?? (quick ? 50_000 : 1_000_000),
      analyticsUsers: positiveInt(flag(argv, 'analytics-users') ?? env.BENCH_ANALYTICS_USERS, '--analytics-users') ?? 2_000,
      mixed: positiveInt(flag(argv, 'mixed-n') ?? env.BENCH_MIXED_N, '--mixed-n') ?? (quick ? 3_000 : 20_000),
      notifications: positiveInt(flag(argv, 'notifications-n') ?? env.BENCH_NOTIFICATIONS_N, '--notifications-n') ?? (quick ? 1_000 : 10_000),
    },
    concurrency: positiveInt(flag(argv, 'concurrency') ?? env.BENCH_CONCURRENCY, '--concurrency') ?? 16,
    commandsConcurrency:
      positiveInt(flag(argv, 'commands-concurrency') ?? env.BENCH_COMMANDS_CONCURRENCY ?? flag(argv, 'concurrency') ?? env.BENCH_CONCURRENCY, '--commands-concurrency') ?? 20,
    webhooksPollMs: positiveInt(flag(argv, 'webhooks-poll-ms') ?? env.BENCH_WEBHOOKS_POLL_MS, '--webhooks-poll-ms') ?? 5,
    analyticsCoverIndex: flag(argv, 'analytics-cover-index') !== undefined || env.BENCH_ANALYTICS_COVER_INDEX === '1',
    analyticsAnalyze: flag(argv, 'analytics-analyze') !== undefined || env.BENCH_ANALYTICS_ANALYZE === '1',
    apiDurationS: positiveInt(flag(argv, 'api-duration') ?? env.BENCH_API_DURATION_S, '--api-duration') ?? (quick ? 3 : 10),
    apiConnections: positiveInt(flag(argv, 'api-connections') ?? env.BENCH_API_CONNECTIONS, '--api-connections') ?? 50,
    apiProfileDir: profileDir(flag(argv, 'api-profile') ?? env.BENCH_API_PROFILE),
    apiLogLevel: flag(argv, 'api-log-level') ?? env.BENCH_API_LOG_LEVEL ?? 'info',
    apiListIndex: flag(argv, 'api-list-index') !== undefined || env.BENCH_API_LIST_INDEX === '1',
    streamClients: positiveInt(flag(argv, 'stream-clients') ?? env.BENCH_STREAM_CLIENTS, '--stream-clients') ?? (quick ? 2_000 : 10_000),
    streamRate: positiveInt(flag(argv, 'stream-rate') ?? env.BENCH_STREAM_RATE, '--stream-rate') ?? 5,
    streamSeconds: positiveInt(flag(argv, 'stream-seconds') ?? env.BENCH_STREAM_SECONDS, '--stream-seconds') ?? (quick ? 4 : 10),
    streamBurst: positiveInt(flag(argv, 'stream-burst') ?? env.BENCH_STREAM_BURST, '--stream-burst') ?? (quick ? 30 : 100),
    streamCrossClients: positiveInt(flag(argv, 'stream-cross-clients') ?? env.BENCH_STREAM_CROSS_CLIENTS, '--stream-cross-clients') ?? (quick ? 500 : 2_000),
    streamProfileDir: profileDir(flag(argv, 'stream-profile') ?? env.BENCH_STREAM_PROFILE)?.replace(/dbsbm-api-profiles$/, 'dbsbm-stream-profiles') ?? null,
    notificationsDiscordLimit: positiveInt(flag(argv, 'notifications-discord-limit') ?? env.BENCH_NOTIFICATIONS_DISCORD_LIMIT, '--notifications-discord-limit') ?? 1_000,
    notificationsPluginPerSecond: positiveInt(flag(argv, 'notifications-plugin-per-second') ?? env.BENCH_NOTIFICATIONS_PLUGIN_PER_SECOND, '--notifications-plugin-per-second') ?? null,
    notificationsRaise: raiseMode(flag(argv, 'notifications-raise') ?? env.BENCH_NOTIFICATIONS_RAISE),
    notificationsEmailOnly: flag(argv, 'notifications-email-only') !== undefined || env.BENCH_NOTIFICATIONS_EMAIL_ONLY === '1',
    notificationsProfileDir: profileDir(flag(argv, 'notifications-profile') ?? env.BENCH_NOTIFICATIONS_PROFILE)?.replace(/dbsbm-api-profiles$/, 'dbsbm-notifications-profiles') ?? null,
  };
}

export const isMysqlUrl = (url: string | undefined): url is string => !!url && /^(mysql|mariadb):/.test(url);
