/**
 * `notifications`: a blast of bet results — N members (`--notifications-n`, default 10,000; --quick 1,000), each
 * with bet results on DM and e-mail and a confirmed address — through the whole plugin, beside bare library loops.
 *
 * DBSBM: the app (betting + notifications) with the real discord.js client logged in to the Discord emulator, the
 * real job runner, and an SMTP sink on loopback (`parse: false`). The emulator and the sink run in a process of
 * their own (bench/lib/notifications-peers.ts), as Discord and a mail provider are other machines. The members join
 * the server after the bot has connected, so its client does not know them (Discord's GUILD_CREATE lists no
 * members of a large server without the presence intent). Member preferences and contacts are written in bulk
 * beforehand. Then each member's result is raised with its own `raiseNow` (one request per member, as the betting
 * source raises them), 8 at a time; timed from the first raise until every delivery row is `delivered`.
 *
 * Baselines, in the same run, against a fresh emulator and sink: (a) a bare nodemailer pooled transport, 5
 * connections (the plugin's default), sending the same mails (rendered beforehand), 100 sendMail calls in flight,
 * with the socket settings the plugin uses (no Nagle, connections kept); and, on at most 1,000 mails, with
 * nodemailer's defaults; (b) a bare discord.js `REST` with `globalRequestsPerSecond` at the scaled limit, opening
 * each DM channel and posting the same embed, 100 DMs in flight.
 *
 * Scale: Discord's global limit is 50 requests/s; 10,000 DMs (two or three requests each the first time) would take
 * minutes. The emulator enforces `--notifications-discord-limit` (default 1,000/s) instead, discord.js's own
 * global limiter (`globalRequestsPerSecond`) is set to it on both sides, and the plugin's `discordPerSecond` is 80 % of
 * it, as production's 40 of 50. What carries over to Discord: the 429 count and the share of the limit used; DM rates
 * divide by the scale.
 *
 * Goals: e-mails ≥ 500/s (first raise → last mail), 0 × 429.
 * --notifications-profile[=dir] writes a V8 CPU profile of the bench process (the app) over DBSBM's measured run and
 * prints its top. What-ifs: --notifications-plugin-per-second= sets the plugin's discordPerSecond (another share of
 * the limit); --notifications-email-only runs DBSBM a second time with bet results by e-mail only (the e-mail path's
 * rate when no Discord send shares its batches); --notifications-raise=bulk raises in requests of 500 members with
 * the same words (one transaction each) instead of one request per member.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { pino } from 'pino';
import { App } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config/env.ts';
import { UserSettingsSchema } from '../src/core/db/entities/user-settings.ts';
import notifications from '../src/plugins/notifications/index.ts';
import { ContactSchema } from '../src/plugins/notifications/entities/contact.ts';
import { notificationOptions } from '../src/plugins/notifications/options.ts';
import type { NotificationsContext } from '../src/plugins/notifications/services/context.ts';
import { raiseNow } from '../src/plugins/notifications/services/raise-now.ts';
import { onCleanup } from './lib/cleanup.ts';
import { bettingEntry, freshDatabase, type DbKind } from './lib/databases.ts';
import { bareDmLoop, bareMailLoop, type LoopResult } from './lib/notifications-bare.ts';
import { BENCH_GUILD, betResult, LINK_SECRET, MAIL_FROM, memberEmail, memberId, now, PUBLIC_URL } from './lib/notifications-data.ts';
import type { PeerFigures, PeersControl, PeersMessage, PeersStart } from './lib/notifications-peers.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { summarizeProfile } from './lib/profile-summary.ts';
import { emit, emitGoal, progress } from './lib/report.ts';
import { pool } from './lib/stats.ts';

const BENCH = 'notifications';
/** Discord's global limit, and the plugin's default share of it. */
const DISCORD_LIMIT = 50;
const PLUGIN_DEFAULT_PER_SECOND = 40;
const PLUGIN_SHARE = PLUGIN_DEFAULT_PER_SECOND / DISCORD_LIMIT;
const GOAL_EMAILS_PER_S = 500;
/** Members raised and delivered before the measured run (JIT, first connections), not counted. */
const WARMUP = 20;
const RAISE_CONCURRENCY = 8;
/** Members per request when raising in bulk (the what-if). */
const BULK = 500;
const BARE_IN_FLIGHT = 100;
const MAIL_CONNECTIONS = 5;
const BARE_DEFAULTS_MAX = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Peers {
  ready: Extract<PeersMessage, { kind: 'ready' }>;
  ask<K extends PeersMessage['kind']>(msg: PeersControl, kind: K): Promise<Extract<PeersMessage, { kind: K }>>;
  stop(): Promise<void>;
}

/** Forks the emulator and SMTP sink process with `users` as Discord users. */
async function startPeers(users: string[], globalPerSecond: number): Promise<Peers> {
  const proc = fork(fileURLToPath(new URL('./lib/notifications-peers.ts', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = <K extends PeersMessage['kind']>(kind: K): Promise<Extract<PeersMessage, { kind: K }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (msg: PeersMessage): void => {
        if (msg.kind !== kind && msg.kind !== 'failed') return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        if (msg.kind === 'failed') reject(new Error(`peers: ${msg.message}`));
        else resolve(msg as Extract<PeersMessage, { kind: K }>);
      };
      const onExit = (code: number | null): void => {
        proc.off('message', onMessage);
        reject(new Error(`peers exited (${code}) before answering`));
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const stop = onCleanup(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.send({ kind: 'stop' } satisfies PeersControl);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  const ask = <K extends PeersMessage['kind']>(msg: PeersControl | PeersStart, kind: K) => {
    const answer = next(kind);
    proc.send(msg);
    return answer;
  };
  const ready = await ask({ kind: 'start', users, globalPerSecond }, 'ready');
  return { ready, ask, stop };
}

const members = (from: number, count: number): string[] => Array.from({ length: count }, (_, k) => memberId(from + k));

/** `count` items over the time from `t0` to `end` (ms), a second. */
const perSecond = (count: number, t0: number, end: number | null): number => (end === null || end <= t0 ? Number.NaN : (count / (end - t0)) * 1000);

/** Discord figures of one side: requests a second (mean over first → last request, and the busiest second). */
function discordFigures(f: PeerFigures, limit: number) {
  const r = f.requests;
  const mean = perSecond(r.admitted, r.firstAt ?? 0, r.lastAt);
  return { mean, peak: r.peakPerSecond, meanShare: mean / limit, peakShare: r.peakPerSecond / limit, perDm: r.admitted / Math.max(1, f.dms.count), hits: r.global429, getUser: r.getUser, errors: r.errors };
}

interface Baselines {
  mail: { perSecond: number; firstToLastPerSecond: number; distinct: number; errors: number };
  mailDefaults: { count: number; perSecond: number };
  dm: { perSecond: number; count: number; figures: PeerFigures; errors: number };
}

async function baselines(n: number, limit: number): Promise<Baselines> {
  const peers = await startPeers(members(0, n), limit);
  const timeoutMs = 60_000 + n * 10;
  const report = (what: string, run: LoopResult): void => {
    if (run.errors) progress(`${what}: ${run.errors} errors, e.g. ${run.errorSamples.join('; ')}`);
  };

  progress(`bare nodemailer (pool of ${MAIL_CONNECTIONS}, no Nagle, ${BARE_IN_FLIGHT} in flight): ${n} mails…`);
  await peers.ask({ kind: 'mark' }, 'marked');
  const mailRun = await bareMailLoop(peers.ready.smtpPort, n, 0, { maxConnections: MAIL_CONNECTIONS, inFlight: BARE_IN_FLIGHT, tuned: true });
  const mail = (await peers.ask({ kind: 'wait', dms: 0, mails: n, timeoutMs }, 'figures')).figures.mails;
  report('bare nodemailer', mailRun);

  const d = Math.min(n, BARE_DEFAULTS_MAX);
  progress(`bare nodemailer with its defaults (pool of ${MAIL_CONNECTIONS}, Nagle on, 100 messages a connection): ${d} mails…`);
  await peers.ask({ kind: 'mark' }, 'marked');
  const defaultsRun = await bareMailLoop(peers.ready.smtpPort, d, 0, { maxConnections: MAIL_CONNECTIONS, inFlight: BARE_IN_FLIGHT, tuned: false });
  const defaults = (await peers.ask({ kind: 'wait', dms: 0, mails: d, timeoutMs }, 'figures')).figures.mails;
  report('bare nodemailer (defaults)', defaultsRun);

  progress(`bare discord.js REST (globalRequestsPerSecond ${limit}, ${BARE_IN_FLIGHT} DMs in flight): ${n} DMs…`);
  await peers.ask({ kind: 'mark' }, 'marked');
  const dmRun = await bareDmLoop(peers.ready.apiUrl, peers.ready.token, n, 0, { perSecond: limit, inFlight: BARE_IN_FLIGHT });
  const dm = await peers.ask({ kind: 'wait', dms: n, mails: 0, timeoutMs }, 'figures');
  report('bare discord.js', dmRun);
  await peers.stop();
  return {
    mail: { perSecond: perSecond(mail.count, mailRun.startedAt, mail.lastAt), firstToLastPerSecond: perSecond(mail.count - 1, mail.firstAt ?? 0, mail.lastAt), distinct: mail.distinctRecipients, errors: mailRun.errors },
    mailDefaults: { count: d, perSecond: perSecond(defaults.count, defaultsRun.startedAt, defaults.lastAt) },
    dm: { perSecond: perSecond(dm.figures.dms.count, dmRun.startedAt, dm.figures.dms.lastAt), count: dm.figures.dms.count, figures: dm.figures, errors: dmRun.errors },
  };
}

interface Ours {
  drainMs: number;
  raisePerSecond: number;
  emailsPerSecond: number;
  emailsFirstToLastPerSecond: number;
  dmsPerSecond: number;
  figures: PeerFigures;
  complete: boolean;
  statuses: Record<string, number>;
  jobsNotDone: number;
  /** CPU of this process (the app) over the measured run, in cores (1 = one core busy all along). */
  cores: number;
  pace: string;
  profile: string | null;
}

interface OursRun {
  /** The channels every member chose for bet results. */
  channels: ('dm' | 'email')[];
  raise: 'each' | 'bulk';
  discordPerSecond: number;
  profileDir: string | null;
}

async function ours(kind: DbKind, baseUrl: string | undefined, n: number, limit: number, run: OursRun): Promise<Ours> {
  const db = await freshDatabase(kind, baseUrl);
  const dropDb = onCleanup(() => db.drop());
  const peers = await startPeers(members(0, n + WARMUP), limit);
  const { discordPerSecond, profileDir } = run;
  const prefs = { v: 1, channels: { bet_result: run.channels } };
  const perMember = run.channels.length;
  const dms = run.channels.includes('dm') ? 1 : 0;
  const mails = run.channels.includes('email') ? 1 : 0;
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  const app = await App.create({
    config,
    plugins: [
      bettingEntry(),
      {
        plugin: notifications,
        options: { linkSecret: LINK_SECRET, publicUrl: PUBLIC_URL, email: { url: peers.ready.smtpUrl, from: MAIL_FROM }, discordPerSecond },
      },
    ],
    logger: pino({ level: 'silent' }),
    discordApiUrl: peers.ready.apiUrl,
    discordToken: peers.ready.token,
    // Sapphire's container is global: one bot per process, so a run without DMs (the second of a process) has none.
    bot: dms > 0,
  });
  const closeApp = onCleanup(() => app.stop());
  // discord.js's own global limiter holds the client to Discord's 50/s: scaled with the emulator's limit.
  if (app.bot) app.bot.client.rest.options.globalRequestsPerSecond = limit;
  else if (dms > 0) throw new Error('the app did not create its Discord client');
  await app.settings.setTier(BENCH_GUILD, 'premium');
  const ctx = app.contextOf('notifications') as unknown as NotificationsContext;

  progress(`ours on ${kind}: writing preferences and confirmed addresses of ${n + WARMUP} members…`);
  const em = app.orm.em.fork();
  const at = new Date();
  const stamp = Date.now();
  for (let i = 0; i < n + WARMUP; i += 1_000) {
    const ids = Array.from({ length: Math.min(1_000, n + WARMUP - i) }, (_, k) => i + k);
    await em.insertMany(
      UserSettingsSchema,
      ids.map((k) => ({ userId: memberId(k), notificationPreferences: prefs, analyticsConsent: false, mlRecommendationsEnabled: false, webhookNotifications: false, createdAt: at, updatedAt: at })),
    );
    await em.insertMany(
      ContactSchema,
      ids.map((k) => ({ userId: memberId(k), kind: 'email', address: memberEmail(k), verifiedAt: stamp, codeHash: null, codeExpiresAt: null, updatedAt: stamp })),
    );
  }
  await app.start();
  if (dms > 0) await peers.ask({ kind: 'members' }, 'members-added');

  const raise = (i: number) => raiseNow(ctx, { guildId: BENCH_GUILD, to: { userIds: [memberId(i)] }, type: 'bet_result', ...betResult(i) });
  const statuses = async (): Promise<Record<string, number>> => {
    const rows = await ctx.data.all<{ status: string; c: number }>('select status, count(*) as c from notification_deliveries group by status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.c)]));
  };
  const drained = async (expected: number, timeoutMs: number): Promise<boolean> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (((await statuses()).delivered ?? 0) >= expected) return true;
      if (Date.now() > end) return false;
      await sleep(25);
    }
  };

  progress(`ours: warm-up, ${WARMUP} members…`);
  for (let i = n; i < n + WARMUP; i++) await raise(i);
  await peers.ask({ kind: 'wait', dms: dms * WARMUP, mails: mails * WARMUP, timeoutMs: 30_000 }, 'figures');
  if (!(await drained(perMember * WARMUP, 30_000))) throw new Error(`the warm-up did not drain: ${JSON.stringify(await statuses())}`);
  await peers.ask({ kind: 'mark' }, 'marked');

  let profiler: Session | null = null;
  if (profileDir) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
  }
  progress(`ours (bet results by ${run.channels.join(' and ')}): raising ${n}, ${run.raise === 'each' ? `one raiseNow per member, ${RAISE_CONCURRENCY} at a time` : `in requests of ${BULK} members, one at a time (what-if)`} (discordPerSecond ${discordPerSecond}, pace ${process.env.REDIS_URL ? 'shared in Redis' : 'in-process'})…`);
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const raised =
    run.raise === 'each'
      ? await pool(n, RAISE_CONCURRENCY, async (i) => {
          const ids = await raise(i);
          if (ids.length !== 1) throw new Error(`member ${i}: ${ids.length} notifications made`);
        })
      : await pool(Math.ceil(n / BULK), 1, async (k) => {
          const userIds = members(k * BULK, Math.min(BULK, n - k * BULK));
          const ids = await raiseNow(ctx, { guildId: BENCH_GUILD, to: { userIds }, type: 'bet_result', ...betResult(k), key: `bulk:${k}`, title: 'Your bets were settled' });
          if (ids.length !== userIds.length) throw new Error(`request ${k}: ${ids.length} notifications made for ${userIds.length} members`);
        });
  const raisedAt = now();
  if (raised.errors) progress(`raising: ${raised.errors} errors, e.g. ${raised.errorSamples.join('; ')}`);
  progress(`ours: raised ${n} in ${((raisedAt - t0) / 1000).toFixed(1)} s; waiting for every DM and mail…`);
  const waited = await peers.ask({ kind: 'wait', dms: dms * n, mails: mails * n, timeoutMs: 60_000 + n * 10 }, 'figures');
  if (!waited.complete) {
    const jobs = await ctx.data.all<{ status: string; attempts: number; c: number }>("select status, attempts, count(*) as c from jobs where plugin = 'notifications' group by status, attempts");
    const errors = await ctx.data.all<{ last_error: string }>("select last_error from jobs where plugin = 'notifications' and last_error is not null limit 3");
    progress(`ours: gave up waiting: ${waited.figures.dms.count} DMs and ${waited.figures.mails.count} mails arrived; delivery rows ${JSON.stringify(await statuses())}; jobs ${JSON.stringify(jobs)}; errors ${JSON.stringify(errors.map((e) => e.last_error))}`);
  }
  const complete = waited.complete && (await drained(perMember * (n + WARMUP), 30_000));
  const drainedAt = now();
  const cpu = process.cpuUsage(cpu0);
  let profile: string | null = null;
  if (profiler && profileDir) {
    const { profile: taken } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    await mkdir(profileDir, { recursive: true });
    profile = join(profileDir, `notifications-${kind}-${run.channels.join('-')}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    await writeFile(profile, JSON.stringify(taken));
  }
  const final = await statuses();
  const jobsNotDone = Number((await ctx.data.get<{ c: number }>("select count(*) as c from jobs where plugin = 'notifications' and status <> 'done'"))?.c ?? 0);
  await closeApp();
  await peers.stop();
  await dropDb();
  const f = waited.figures;
  return {
    drainMs: drainedAt - t0,
    raisePerSecond: perSecond(n, t0, raisedAt),
    emailsPerSecond: perSecond(f.mails.count, t0, f.mails.lastAt),
    emailsFirstToLastPerSecond: perSecond(f.mails.count - 1, f.mails.firstAt ?? 0, f.mails.lastAt),
    dmsPerSecond: perSecond(f.dms.count, t0, f.dms.lastAt),
    figures: f,
    complete,
    statuses: final,
    jobsNotDone,
    cores: (cpu.user + cpu.system) / 1000 / (drainedAt - t0),
    pace: process.env.REDIS_URL ? 'Redis' : 'in-process',
    profile,
  };
}

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const n = opts.sizes.notifications;
  const limit = opts.notificationsDiscordLimit;
  const scale = limit / DISCORD_LIMIT;
  const discordPerSecond = opts.notificationsPluginPerSecond ?? Math.round(limit * PLUGIN_SHARE);
  progress(
    `scale: Discord's global limit of ${DISCORD_LIMIT} requests/s is scaled ×${scale} to ${limit}/s (the emulator enforces it; discord.js's globalRequestsPerSecond is set to it), ` +
      `and the plugin's discordPerSecond from ${PLUGIN_DEFAULT_PER_SECOND} to ${discordPerSecond} (${((discordPerSecond / limit) * 100).toFixed(0)} % of the limit; production: ${PLUGIN_SHARE * 100} %). ` +
      `What carries over to Discord is the 429 count (must be 0) and the share of the limit used; DM rates divide by ${scale}.`,
  );
  const base = await baselines(n, limit);
  const mine = await ours(kind, opts.databaseUrl, n, limit, { channels: ['dm', 'email'], raise: opts.notificationsRaise, discordPerSecond, profileDir: opts.notificationsProfileDir });
  const emailOnly = opts.notificationsEmailOnly ? await ours(kind, opts.databaseUrl, n, limit, { channels: ['email'], raise: opts.notificationsRaise, discordPerSecond, profileDir: opts.notificationsProfileDir }) : null;

  const p = `${kind}.${opts.notificationsRaise === 'bulk' ? 'bulk_raise.' : ''}`;
  const od = discordFigures(mine.figures, limit);
  const bd = discordFigures(base.dm.figures, limit);
  emit(BENCH, `${p}scale_discord_limit_per_s`, limit, DISCORD_LIMIT);
  emit(BENCH, `${p}scale_plugin_discord_per_second`, discordPerSecond, PLUGIN_DEFAULT_PER_SECOND);
  emit(BENCH, `${p}members`, n, n);
  emit(BENCH, `${p}drain_s`, mine.drainMs / 1000);
  emit(BENCH, `${p}raise_per_s`, mine.raisePerSecond);
  emit(BENCH, `${p}emails_per_s`, mine.emailsPerSecond, base.mail.perSecond);
  emit(BENCH, `${p}emails_first_to_last_per_s`, mine.emailsFirstToLastPerSecond, base.mail.firstToLastPerSecond);
  emit(BENCH, `${p}emails_per_s_vs_nodemailer_defaults`, mine.emailsPerSecond, base.mailDefaults.perSecond);
  if (emailOnly) {
    emit(BENCH, `${p}email_only.emails_per_s`, emailOnly.emailsPerSecond, base.mail.perSecond);
    emit(BENCH, `${p}email_only.drain_s`, emailOnly.drainMs / 1000);
    emit(BENCH, `${p}email_only.raise_per_s`, emailOnly.raisePerSecond);
  }
  emit(BENCH, `${p}dms_per_s`, mine.dmsPerSecond, base.dm.perSecond);
  emit(BENCH, `${p}dms_per_s_unscaled`, mine.dmsPerSecond / scale, base.dm.perSecond / scale);
  emit(BENCH, `${p}discord_requests_per_s`, od.mean, bd.mean);
  emit(BENCH, `${p}discord_requests_busiest_second`, od.peak, bd.peak);
  emit(BENCH, `${p}discord_limit_share_mean`, od.meanShare, bd.meanShare);
  emit(BENCH, `${p}discord_limit_share_busiest_second`, od.peakShare, bd.peakShare);
  emit(BENCH, `${p}discord_requests_per_dm`, od.perDm, bd.perDm);
  emit(BENCH, `${p}discord_get_user_requests`, od.getUser, bd.getUser);
  emit(BENCH, `${p}discord_error_answers`, od.errors, bd.errors);
  emit(BENCH, `${p}discord_429s`, od.hits, bd.hits);
  emit(BENCH, `${p}dms_received`, mine.figures.dms.count, base.dm.count);
  emit(BENCH, `${p}mails_distinct_recipients`, mine.figures.mails.distinctRecipients, base.mail.distinct);
  emit(BENCH, `${p}deliveries_delivered`, mine.statuses.delivered ?? 0, 2 * (n + WARMUP));
  emit(BENCH, `${p}deliveries_not_delivered`, Object.entries(mine.statuses).reduce((s, [k, v]) => s + (k === 'delivered' ? 0 : v), 0), 0);
  emit(BENCH, `${p}jobs_not_done`, mine.jobsNotDone, 0);
  emit(BENCH, `${p}app_process_cores_busy`, mine.cores);
  emitGoal(BENCH, `${p}e-mails/s (first raise → last mail)`, mine.emailsPerSecond, '>=', GOAL_EMAILS_PER_S);
  emitGoal(BENCH, `${p}Discord 429s`, od.hits, '<=', 0);
  progress(
    `ours: drained ${n} members (${2 * n} deliveries) in ${(mine.drainMs / 1000).toFixed(1)} s; e-mail ${mine.emailsPerSecond.toFixed(0)}/s (bare ${base.mail.perSecond.toFixed(0)}/s, ratio ${(mine.emailsPerSecond / base.mail.perSecond).toFixed(2)}); ` +
      `DMs ${mine.dmsPerSecond.toFixed(0)}/s (bare ${base.dm.perSecond.toFixed(0)}/s, ratio ${(mine.dmsPerSecond / base.dm.perSecond).toFixed(2)}); ` +
      `Discord ${od.mean.toFixed(0)} requests/s = ${(od.meanShare * 100).toFixed(0)} % of the scaled limit (busiest second ${(od.peakShare * 100).toFixed(0)} %), ${od.perDm.toFixed(2)} requests a DM, ${od.hits} × 429 (bare: ${bd.hits}); pace ${mine.pace}`,
  );
  if (emailOnly) {
    progress(`what-if, bet results by e-mail only: ${n} mails in ${(emailOnly.drainMs / 1000).toFixed(1)} s, ${emailOnly.emailsPerSecond.toFixed(0)}/s (raising ${emailOnly.raisePerSecond.toFixed(0)}/s); every mail: ${emailOnly.complete && emailOnly.figures.mails.distinctRecipients === n ? 'OK' : 'MISSING'}`);
  }
  for (const side of [mine, emailOnly]) {
    if (!side?.profile) continue;
    const summary = await summarizeProfile(side.profile);
    progress(`profile of the app's process over the measured run (${side.profile}): ${summary.samples} samples, ${(summary.idle * 100).toFixed(0)} % idle; of the busy ones, self time by function:`);
    for (const l of summary.self) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    progress('  self time by package or file:');
    for (const l of summary.byPackage) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
    progress('  on the stack, by file of src/:');
    for (const l of summary.ownFiles) progress(`  ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.where}`);
  }
  const ok = mine.complete && mine.figures.dms.count === n && mine.figures.mails.distinctRecipients === n && (mine.statuses.delivered ?? 0) === 2 * (n + WARMUP);
  progress(`every delivery: ${ok ? 'OK' : `MISSING (dms ${mine.figures.dms.count}, mails to ${mine.figures.mails.distinctRecipients} of ${n}, rows ${JSON.stringify(mine.statuses)})`}`);
  if (!ok) process.exitCode = 1;
}
