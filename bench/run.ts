/**
 * `npm run bench`: runs each benchmark beside its baseline, each in its own Node process (a clean heap, and
 * Sapphire's global container to itself), prints their JSON lines as they come, then a short summary.
 *
 *   npm run bench                                   # full sizes, on a temporary SQLite file
 *   npm run bench -- --quick --only=settlement      # smaller sizes, one benchmark
 *   npm run bench -- stream                         # one benchmark by name (as --only=stream)
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test npm run bench   # on MariaDB (throwaway databases beside `test`)
 *
 * Options (argv or env): --only=a,b (BENCH_ONLY), --quick (BENCH_QUICK=1), --commands-n=, --settlement-n=,
 * --leaderboard-n=, --leaderboard-users=, --webhooks-n=, --webhooks-poll-ms=, --analytics-n=, --analytics-users=,
 * --concurrency=, --api-duration= (seconds per target), --api-connections=, --api-profile[=dir], --api-log-level=
 * --stream-clients=, --stream-rate=, --stream-seconds=, --stream-burst=, --stream-cross-clients=, --stream-profile[=dir]
 * --notifications-n=, --notifications-discord-limit=, --notifications-profile[=dir]
 * (BENCH_COMMANDS_N, …, BENCH_API_DURATION_S, BENCH_STREAM_CLIENTS, …, BENCH_NOTIFICATIONS_N), BENCH_TIMEOUT_S (per benchmark, default 480; `analytics` runs on SQLite and
 * then on MariaDB/MySQL when DATABASE_URL is one, so its default is 480 per database).
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runCleanups } from './lib/cleanup.ts';
import { BENCHES, isMysqlUrl, parseOptions, type BenchName, type BenchOptions } from './lib/options.ts';
import type { BenchLine } from './lib/report.ts';

const modules: Record<BenchName, () => Promise<{ run(opts: BenchOptions): Promise<void> }>> = {
  commands: () => import('./commands.ts'),
  settlement: () => import('./settlement.ts'),
  leaderboard: () => import('./leaderboard.ts'),
  mixed: () => import('./mixed.ts'),
  webhooks: () => import('./webhooks.ts'),
  analytics: () => import('./analytics.ts'),
  api: () => import('./api.ts'),
  stream: () => import('./stream.ts'),
  notifications: () => import('./notifications.ts'),
};

async function child(name: BenchName, opts: BenchOptions): Promise<void> {
  const stop = (signal: string) => {
    process.stderr.write(`  ${name}: ${signal}, cleaning up\n`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    const bench = await modules[name]();
    await bench.run(opts);
  } finally {
    await runCleanups();
  }
}

function runChild(name: BenchName, timeoutMs: number, onLine: (line: BenchLine) => void): Promise<number> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--child=${name}`, ...process.argv.slice(2)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let buffer = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        process.stdout.write(`${text}\n`);
        try {
          const parsed = JSON.parse(text) as BenchLine;
          if (parsed && typeof parsed.bench === 'string') onLine(parsed);
        } catch {
          // not one of ours: passed through as is
        }
      }
    });
    const timer = setTimeout(() => {
      process.stderr.write(`  ${name}: over its ${timeoutMs / 1000} s limit, stopping it\n`);
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const fmt = (n: number | null): string => (n === null ? '—' : Math.abs(n) >= 1000 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3));

function summary(lines: BenchLine[], failures: string[], wallMs: number, opts: BenchOptions): void {
  const out: string[] = ['', '== summary =='];
  for (const bench of [...new Set(lines.map((l) => l.bench))]) {
    out.push(`${bench}:`);
    for (const l of lines.filter((x) => x.bench === bench)) {
      out.push(`  ${l.metric.padEnd(34)} ours ${fmt(l.value).padStart(10)}   baseline ${fmt(l.baseline).padStart(10)}   ratio ${l.ratio === null ? '—' : `${l.ratio < 0.1 ? l.ratio.toPrecision(2) : l.ratio.toFixed(2)}x`}`);
    }
  }
  const goals = lines.filter((l) => l.goal);
  if (goals.length) {
    out.push('goals:');
    for (const l of goals) out.push(`  ${l.goal!.met ? 'met   ' : 'MISSED'} ${l.bench.padEnd(12)} ${l.metric.replace(/^goal: /, '').padEnd(48)} ${fmt(l.value)}`);
  }
  if (failures.length) out.push(`failed: ${failures.join(', ')}`);
  out.push(
    `database: ${isMysqlUrl(opts.databaseUrl) ? opts.databaseUrl.replace(/\/\/[^@]*@/, '//…@') : 'temporary SQLite file'}; ${opts.quick ? 'quick' : 'full'} sizes; ` +
      `${cpus().length} CPUs; whole run ${(wallMs / 1000).toFixed(1)} s`,
    'ratio = ours / baseline: above 1 is slower for times, below 1 is slower for throughput.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const childName = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
  if (childName) return child(childName as BenchName, opts);

  const selected = BENCHES.filter((b) => !opts.only || opts.only.includes(b));
  const timeoutFor = (name: BenchName): number =>
    Number(process.env.BENCH_TIMEOUT_S ?? (name === 'analytics' && isMysqlUrl(opts.databaseUrl) ? 960 : 480)) * 1000;
  process.stderr.write(
    `bench: ${selected.join(', ')} on ${isMysqlUrl(opts.databaseUrl) ? 'MySQL/MariaDB' : 'SQLite'}` +
      ` (${opts.quick ? 'quick' : 'full'}: commands ${opts.sizes.commands}, settlement ${opts.sizes.settlement}, leaderboard ${opts.sizes.leaderboard} over ${opts.sizes.leaderboardUsers} users, webhooks ${opts.sizes.webhooks}, analytics ${opts.sizes.analytics} over ${opts.sizes.analyticsUsers} users, api ${opts.apiDurationS} s per target at ${opts.apiConnections} connections, stream ${opts.streamClients} subscribers at ${opts.streamRate} events/s and ${opts.streamCrossClients} per instance across two, notifications ${opts.sizes.notifications} members at a Discord limit scaled to ${opts.notificationsDiscordLimit}/s)\n`,
  );
  const start = performance.now();
  const lines: BenchLine[] = [];
  const failures: string[] = [];
  for (const name of selected) {
    process.stderr.write(`${name}…\n`);
    const t0 = performance.now();
    const code = await runChild(name, timeoutFor(name), (l) => lines.push(l));
    process.stderr.write(`${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    if (code !== 0) failures.push(name);
  }
  summary(lines, failures, performance.now() - start, opts);
  if (failures.length) process.exitCode = 1;
}

await main();
