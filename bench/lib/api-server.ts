/**
 * The server process of `bench/api.ts`, forked once as `ours` (the real app) and once as `bare` (bare Express):
 * each server has its own process, so the load generator (autocannon, in the bench's process) never shares an event
 * loop with it. Talks to the bench over the IPC channel: one start message in, `ready` (or `failed`) out, then
 * `cpu` (the process's CPU time so far) and `profile` start/stop around the runs (V8's sampling profiler through
 * node:inspector, so boot and seeding stay out of the profile), then `stop`.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import { createLogger } from '../../src/core/log/logger.ts';
import { loadPluginsConfig } from '../../src/core/plugins/load-config.ts';
import type { PluginEntry } from '../../src/core/plugins/types.ts';
import type { BettingContext } from '../../src/plugins/betting/services/context.ts';
import type { OddsFormat } from '../../src/plugins/betting/services/odds.ts';
import { startBare } from './api-bare.ts';
import { addListIndex, issueBenchKeys, seedBetting, type Seeded } from './api-seed.ts';
import { BENCH_GUILD } from './betting-data.ts';
import { BENCH_BETTING_OPTIONS } from './databases.ts';

export type ServerStart =
  | { kind: 'ours'; dbUrl: string; logLevel: string; listIndex: boolean }
  | { kind: 'bare'; dbUrl: string; stats: unknown; oddsFormat: OddsFormat };

/** What the bench sends once the server is up. */
export type ServerControl = { kind: 'cpu' } | { kind: 'profile'; action: 'start' } | { kind: 'profile'; action: 'stop'; path: string } | { kind: 'stop' };

export type ServerMessage =
  | { kind: 'ready'; port: number; keys: string[]; oddsFormat: OddsFormat; seeded: Seeded | null }
  | { kind: 'cpu'; micros: number }
  | { kind: 'profiling' }
  | { kind: 'profiled'; path: string | null }
  | { kind: 'failed'; message: string };

/**
 * The deployment of plugins.config.ts (every plugin, as `npm start` loads them), with the betting feed off (a replay
 * writing games beside the load is noise) and open-bet caps the seeding cannot reach.
 */
function forBench(entry: PluginEntry): PluginEntry {
  if (entry.plugin.name !== 'betting') return entry;
  return { ...entry, options: { ...(entry.options as object), feed: { kind: 'none' }, ...BENCH_BETTING_OPTIONS } };
}

async function startOurs(input: { dbUrl: string; logLevel: string; listIndex: boolean }): Promise<{ message: ServerMessage; stop(): Promise<void> }> {
  const config = loadConfig({ DATABASE_URL: input.dbUrl, HTTP_PORT: '0', LOG_LEVEL: input.logLevel, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  // JSON lines on stdout, as deployed behind a log collector; the bench sends this process's stdout to /dev/null.
  const logger = createLogger(config.LOG_LEVEL, { format: 'json' });
  const plugins = (await loadPluginsConfig()).map(forBench);
  // The job worker stays off: its crons (ML, performance figures) would land at random points of the runs.
  const app = await App.create({ config, plugins, logger, bot: false, jobs: { autoStart: false } });
  const seeded = await seedBetting(app, input.dbUrl);
  if (input.listIndex) await addListIndex(input.dbUrl);
  const keys = await issueBenchKeys(app);
  const { oddsFormat } = await (app.contextOf('betting') as unknown as BettingContext).settings.get(BENCH_GUILD);
  await app.start();
  return { message: { kind: 'ready', port: app.port, keys, oddsFormat, seeded }, stop: () => app.stop() };
}

async function start(input: ServerStart): Promise<{ message: ServerMessage; stop(): Promise<void> }> {
  if (input.kind === 'ours') return startOurs(input);
  const bare = await startBare({ dbUrl: input.dbUrl, guildId: BENCH_GUILD, stats: input.stats, oddsFormat: input.oddsFormat });
  return { message: { kind: 'ready', port: bare.port, keys: [], oddsFormat: input.oddsFormat, seeded: null }, stop: () => bare.close() };
}

const send = (message: ServerMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));

let stopping: (() => Promise<void>) | null = null;
let profiler: Session | null = null;

async function profile(msg: Extract<ServerControl, { kind: 'profile' }>): Promise<void> {
  if (msg.action === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    // 100 µs between samples, as node --cpu-prof: enough for requests of a few hundred microseconds.
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
    return send({ kind: 'profiling' });
  }
  if (!profiler) return send({ kind: 'profiled', path: null });
  const { profile: taken } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = null;
  await writeFile(msg.path, JSON.stringify(taken));
  await send({ kind: 'profiled', path: msg.path });
}

process.on('message', (msg: ServerStart | ServerControl) => {
  if (msg.kind === 'stop') {
    void (stopping ?? (async () => undefined))().finally(() => process.exit(0));
    return;
  }
  if (msg.kind === 'cpu') {
    // CPU time this process has used (user + system): per request, it does not depend on what else the machine runs.
    const { user, system } = process.cpuUsage();
    void send({ kind: 'cpu', micros: user + system });
    return;
  }
  if (msg.kind === 'profile') {
    profile(msg).catch((err: unknown) => void send({ kind: 'failed', message: `profile: ${(err as Error).message}` }));
    return;
  }
  start(msg).then(
    async (started) => {
      stopping = started.stop;
      await send(started.message);
    },
    async (err: unknown) => {
      await send({ kind: 'failed', message: (err as Error).stack ?? String(err) });
      process.exit(1);
    },
  );
});
// The bench gone (killed at its time limit): nothing left to serve.
process.on('disconnect', () => process.exit(0));
