import test from 'ava';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import { UserSettingsSchema, type UserSettings } from '../../src/core/db/entities/user-settings.ts';
import { DEMO } from '../../src/core/local/demo-world.ts';
import { loadPluginsConfig } from '../../src/core/plugins/load-config.ts';
import type { PluginEntry } from '../../src/core/plugins/types.ts';
import { notificationMessageId } from '../../src/plugins/notifications/channels/email.ts';
import type { NotificationsContext } from '../../src/plugins/notifications/services/context.ts';
import { raiseNow } from '../../src/plugins/notifications/services/raise-now.ts';
import { silentLogger } from '../helpers/app.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { withoutFeed } from '../plugins/api/deployment.ts';
import { freshDatabase, type FreshDatabase } from './helpers/database.ts';
import { deathLines, freePort, killAfter, spawnProduct, type Product } from './helpers/product.ts';
import { isReady, waitForReadyz } from './helpers/readyz.ts';
import { BOOT_DEADLINE_MS, waitUntil } from './helpers/scenario.ts';

// A real DBSBM process (`npm start`, local mode, every plugin of plugins.config.ts, e-mail pointed at an SMTP sink in
// this process) works through N bet-result e-mails and is killed with SIGKILL part-way; a second process on the same
// database finishes the queue. The plugin's promise: no mail is lost, and a mail sent twice is recognisable (the same
// deterministic Message-ID, `<n{id}.email@dbsbm.local>`) and only one of those whose batch was in flight at the kill
// (a batch records its outcomes after its sends: at most batch size × batch concurrency of them).
//
// The notifications are raised from this process with the plugin's own `raiseNow` before any product starts (the
// same rows and durable jobs a `notification.requested` would make); this process never runs a job, so every mail the
// sink gets was sent by a product process. The killed process's claimed jobs come back when their 30 s lease runs
// out, so the second process first sends the never-claimed ones and then, a little later, re-sends those.
//
// Cost on a 2-core box: a seed of ~5 s, two boots of ~10 s, up to ~30 s of lease expiry overlapping the rest.

/** Members, each with one bet-result notification on e-mail only. */
const N = 2_000;
/** The kill comes when this share of the mails has arrived (aiming inside 25–50 %). */
const KILL_AT = 0.3;
/** The deliver job's batches (src/plugins/notifications/index.ts): what can be sent but not yet recorded at once. */
const BATCH_SIZE = 100;
// The deliver-direct lane (e-mail, push, SMS): src/plugins/notifications/index.ts.
const BATCH_CONCURRENCY = 4;
const IN_FLIGHT = BATCH_SIZE * BATCH_CONCURRENCY;
const GUILD = DEMO.guildId;
const SECRET = 'notifications-kill-test-secret-0123456789abcdef';
const FROM = 'DBSBM <bot@example.com>';
const PUBLIC_URL = 'http://bot.example';
/** The killed process's leases (30 s) must run out before its in-flight jobs run again. */
const FINISH_DEADLINE_MS = 50_000;

const userIdOf = (i: number): string => `7${String(i).padStart(17, '0')}`;
const addressOf = (i: number): string => `member${i}@example.test`;

/**
 * Migrates the fresh database with every plugin of plugins.config.ts, notifications configured as the product will
 * be (the sink's SMTP URL, the same secret), puts the demo server on Platinum, gives N members a confirmed e-mail
 * address and `bet_result` on e-mail only, and raises one bet-result notification for each. Returns the notification
 * ids. The app's job runner never starts.
 */
async function seed(databaseUrl: string, sink: SmtpSink): Promise<number[]> {
  const notificationOptions = { linkSecret: SECRET, publicUrl: PUBLIC_URL, email: { url: sink.url, from: FROM } };
  const plugins = (await loadPluginsConfig()).map((e): PluginEntry => (e.plugin.name === 'notifications' ? { plugin: e.plugin, options: notificationOptions } : withoutFeed(e)));
  const app = await App.create({
    config: loadConfig({ DATABASE_URL: databaseUrl, HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
    plugins,
    logger: silentLogger,
    bot: false,
    jobs: { autoStart: false },
  });
  try {
    await app.settings.setTier(GUILD, 'platinum');
    const ctx = app.contextOf('notifications') as unknown as NotificationsContext;
    const now = Date.now();
    const prefs = { v: 1, channels: { bet_result: ['email'] } };
    for (let from = 0; from < N; from += 500) {
      const members = Array.from({ length: Math.min(500, N - from) }, (_, k) => from + k);
      await app.orm.em.fork().insertMany(
        UserSettingsSchema,
        members.map((i): UserSettings => ({ userId: userIdOf(i), notificationPreferences: prefs, analyticsConsent: false, mlRecommendationsEnabled: false, webhookNotifications: false, createdAt: new Date(now), updatedAt: new Date(now) })),
      );
      await ctx.data.run(
        `insert into notification_contacts (user_id, kind, address, verified_at, updated_at) values ${members.map(() => "(?, 'email', ?, ?, ?)").join(', ')}`,
        members.flatMap((i) => [userIdOf(i), addressOf(i), now, now]),
      );
    }
    return await raiseNow(
      ctx,
      {
        guildId: GUILD,
        to: { userIds: Array.from({ length: N }, (_, i) => userIdOf(i)) },
        type: 'bet_result',
        key: 'notifications-kill:slip-1',
        title: 'Your bet won',
        body: 'Arsenal 2–1 Crystal Palace: your 10.00 on Arsenal returned 18.50.',
      },
      'reliability-test',
    );
  } finally {
    await app.stop();
  }
}

/** `npm start` on `databaseUrl` with e-mail to the sink, ready; SIGKILLed on teardown at the latest. */
async function startProduct(cleanup: (fn: () => void) => void, databaseUrl: string, sink: SmtpSink): Promise<Product> {
  const product = killAfter(
    cleanup,
    spawnProduct({ DATABASE_URL: databaseUrl, HTTP_PORT: await freePort(), SMTP_URL: sink.url, SMTP_FROM: FROM, DBSBM_SECRET_KEY: SECRET, PUBLIC_URL }),
  );
  await waitForReadyz(product, isReady, 'ready after boot', BOOT_DEADLINE_MS);
  return product;
}

const cleanups: (() => void)[] = [];
let db: FreshDatabase | undefined;
let sink: SmtpSink | undefined;
test.after.always(async () => {
  for (const fn of cleanups) fn();
  await sink?.close();
  await db?.drop();
});

test.serial(`${N} e-mails, the sending process killed with SIGKILL part-way and another started on the same database: none lost, duplicates only re-sends of in-flight mails (≤ ${IN_FLIGHT}) with the same Message-ID`, async (t) => {
  const began = Date.now();
  db = await freshDatabase();
  sink = await startSmtpSink({ parse: false });
  const ids = await seed(db.url, sink);
  t.is(ids.length, N, 'one notification per member was raised');
  const seededAt = Date.now();
  const owed = new Map(ids.map((id, i) => [notificationMessageId(id), addressOf(i)]));

  const first = await startProduct((fn) => void cleanups.push(fn), db.url, sink);
  const firstReadyAt = Date.now();
  // Killed the moment the sink has the share of mails asked for: mid-stream, with batches on the wire.
  await sink.waitFor(Math.floor(N * KILL_AT), 60_000).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${deathLines(first)}`);
  });
  first.kill();
  const killedAt = Date.now();
  await first.exited;
  const atKill = sink.heads.length;
  const deliveredAtKill = Number((await db.query<{ n: number | string }>(`select count(*) as n from notification_deliveries where channel = 'email' and status = 'delivered'`))[0]?.n ?? 0);

  const second = await startProduct((fn) => void cleanups.push(fn), db.url, sink);
  const secondReadyAt = Date.now();
  const idList = ids.join(', ');
  const unfinished = async (): Promise<number> =>
    Number((await db!.query<{ n: number | string }>(`select count(*) as n from notification_deliveries where notification_id in (${idList}) and status <> 'delivered'`))[0]?.n ?? 0);
  await waitUntil(async () => (await unfinished()) === 0, 'every delivery row to be delivered', FINISH_DEADLINE_MS).catch(async (err: unknown) => {
    t.log(`${await unfinished()} deliveries not delivered; ${sink!.heads.length} mails received\n${deathLines(second)}`);
    throw err;
  });
  const doneAt = Date.now();

  // What the sink got, counted by Message-ID.
  const heads = [...sink.heads];
  const copies = new Map<string, number>();
  for (const h of heads) copies.set(h.messageId, (copies.get(h.messageId) ?? 0) + 1);
  const distinct = copies.size;
  const duplicates = heads.length - distinct;
  const lost = [...owed.keys()].filter((m) => !copies.has(m));
  const stranger = [...copies.keys()].filter((m) => !owed.has(m));
  const wrongRecipient = heads.filter((h) => owed.has(h.messageId) && (h.rcpt.length !== 1 || h.rcpt[0] !== owed.get(h.messageId)));
  const moreThanTwice = [...copies].filter(([, n]) => n > 2);
  // Each repeat must be of a mail the killed process had already sent (its first copy arrived before the kill).
  const firstSeen = new Map<string, number>();
  heads.forEach((h, i) => void (firstSeen.has(h.messageId) || firstSeen.set(h.messageId, i)));
  const repeats = heads.filter((h, i) => firstSeen.get(h.messageId) !== i);
  const repeatsOfLaterMails = repeats.filter((h) => firstSeen.get(h.messageId)! >= atKill);
  const rows = await db.query<{ status: string; n: number | string }>(`select status, count(*) as n from notification_deliveries where notification_id in (${idList}) group by status`);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const jobs = await db.query<{ status: string; attempts: number | string; n: number | string }>(
    `select status, attempts, count(*) as n from jobs where plugin = 'notifications' and name = 'deliver-direct' and idempotency_key like 'n:%:email' group by status, attempts`,
  );
  const rerun = jobs.filter((j) => Number(j.attempts) > 1).reduce((n, j) => n + Number(j.n), 0);
  // The job a duplicate came from: its idempotency key `n:<id>:email` must be one of the jobs that ran twice.
  const twice = await db.query<{ idempotency_key: string }>(`select idempotency_key from jobs where plugin = 'notifications' and name = 'deliver-direct' and idempotency_key like 'n:%:email' and attempts > 1`);
  const rerunMessageIds = new Set(twice.map((j) => notificationMessageId(Number(j.idempotency_key.split(':')[1]))));
  const repeatsWithoutRerun = repeats.filter((h) => !rerunMessageIds.has(h.messageId));

  t.log(
    `${db.kind}: ${N} e-mails; killed at ${atKill} received (${Math.round((100 * atKill) / N)} %, ${deliveredAtKill} recorded delivered); ` +
      `after the restart: ${heads.length} mails in all, ${distinct} distinct Message-IDs, ${lost.length} lost, ${duplicates} duplicates (bound ${IN_FLIGHT}), ${rerun} deliver jobs run twice`,
  );
  t.log(
    `timings: seed ${seededAt - began} ms, first boot ${firstReadyAt - seededAt} ms, killed ${killedAt - firstReadyAt} ms after ready, second boot ${secondReadyAt - killedAt} ms, ` +
      `all delivered ${doneAt - secondReadyAt} ms after it (the killed process's leases: 30 s); delivery rows ${JSON.stringify(byStatus)}; jobs ${JSON.stringify(jobs.map((j) => `${j.status}×${Number(j.attempts)}: ${Number(j.n)}`))}`,
  );

  t.true(atKill > 0 && atKill < N, 'the kill came part-way through the sending');
  t.is(distinct, N, 'every notification arrived: as many distinct Message-IDs as notifications');
  t.deepEqual(lost.slice(0, 5), [], 'no notification is missing from the sink');
  t.deepEqual(stranger.slice(0, 5), [], 'every Message-ID is a notification’s deterministic one');
  t.deepEqual(wrongRecipient.slice(0, 3), [], 'each mail went to its member’s confirmed address only');
  t.deepEqual(moreThanTwice.slice(0, 3), [], 'no mail arrived more than twice (one crash: one re-send at most)');
  t.deepEqual(repeatsOfLaterMails.map((h) => h.messageId).slice(0, 5), [], 'every duplicate repeats a Message-ID the killed process had sent');
  t.true(duplicates <= IN_FLIGHT, `duplicates (${duplicates}) stay within the sends in flight at once (${IN_FLIGHT})`);
  t.deepEqual(repeatsWithoutRerun.map((h) => h.messageId).slice(0, 5), [], 'every duplicate comes from a job (same idempotency key) that ran again after the kill');
  t.is(byStatus.queued ?? 0, 0, 'no delivery row is left queued');
  t.deepEqual(byStatus, { delivered: N }, 'every delivery row is delivered');
  t.true(second.alive(), `the second process died:\n${deathLines(second)}`);
});
