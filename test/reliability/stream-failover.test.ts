import test from 'ava';
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { z } from 'zod';
import { App } from '../../src/core/app.ts';
import { RedisLink } from '../../src/core/cache/redis.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import { DEMO } from '../../src/core/local/demo-world.ts';
import { Metrics } from '../../src/core/metrics/registry.ts';
import { loadPluginsConfig } from '../../src/core/plugins/load-config.ts';
import { compareIds } from '../../src/core/topics/ids.ts';
import { RedisTopicLog } from '../../src/core/topics/redis-log.ts';
import type { TopicEntry } from '../../src/core/topics/types.ts';
import { issueKey } from '../helpers/api.ts';
import { silentLogger } from '../helpers/app.ts';
import { needs, testRedisUrl } from '../helpers/services.ts';
import { withoutFeed } from '../plugins/api/deployment.ts';
import { startBalancer, type Balancer } from './helpers/balancer.ts';
import { freshDatabase, type FreshDatabase } from './helpers/database.ts';
import { matchDayEvents, seasonMatches } from './helpers/match-day.ts';
import { deathLines, type Product } from './helpers/product.ts';
import { bootProduct, sleep, waitUntil } from './helpers/scenario.ts';
import { PollFollower, SseFollower, WsFollower, type StreamFollower } from './helpers/stream-followers.ts';

// Three real processes (`npm start`, local mode) on one fresh database and the local Redis, behind a round-robin TCP
// balancer the test owns. About a hundred clients follow `scores` and `bets` through the balancer over SSE, WebSocket
// and long-poll while the first three match-days of the 2022-2023 Premier League are replayed into the deployment's
// topic log (kick-offs, goals, finals, the server's bets placed and settled) at a match-day-in-seconds pace. Part-way
// through, the instance holding the most connections is killed with SIGKILL: nothing is closed politely, its clients
// just lose their connection, reconnect through the balancer (which skips the dead backend) and resume from the last
// id they saw. At the end each client must hold exactly the log's events after where it started: none missing, none
// twice, in id order.
//
// The replay is appended from this process with the same topic log class and keys the instances use (the stream
// plugin appends the betting feed's events the same way): what is under test is the fan-out and the resume, so the
// events must be exactly known. The instances also run local mode's own replay feed; any score event of it lands in
// the same `scores` topic and is covered by the check too (in a run this short its first kick-off has usually not
// come yet: the line says how many there were).
//
// Cost on a 2-core box: a boot is ~10 s of a core (three side by side), the replay ~15 s.

const INSTANCES = 3;
const SSE_CLIENTS = 40;
const WS_CLIENTS = 40;
const POLL_CLIENTS = 10;
const TOPICS = ['scores', 'bets'];
/** The first three match-days of the season: its first 30 games (5–22 August 2022). */
const GAMES = 30;
const BETS_PER_GAME = 8;
/** Events appended per second: three match-days in about 15 s. */
const RATE = 40;
/** Where in the replay the instance is killed. */
const KILL_AT = 0.4;
const GUILD = DEMO.guildId;
/** Game ids of the replay, clear of the ones local mode's own feed makes. */
const FIRST_GAME_ID = 910_000_001;

const redis = await needs(['redis']);

/**
 * Migrates the fresh database with every plugin of plugins.config.ts (the instances then find nothing to migrate),
 * puts the demo server on Platinum with live streaming on and a rate limit that a hundred clients cannot reach, and
 * issues one key. No Redis: it must not count itself among the deployment's instances.
 */
async function seed(databaseUrl: string): Promise<string> {
  const app = await App.create({
    config: loadConfig({ DATABASE_URL: databaseUrl, HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
    plugins: (await loadPluginsConfig()).map(withoutFeed),
    logger: silentLogger,
    bot: false,
    jobs: { autoStart: false },
  });
  try {
    await app.settings.setTier(GUILD, 'platinum');
    await app.settings.setEnabled(GUILD, 'stream', true);
    await app.settings.setPlanLimit(GUILD, 'api_rate_limit', 100_000);
    return await issueKey(app, GUILD, { scope: 'write', name: 'stream failover' });
  } finally {
    await app.stop();
  }
}

/** The deployment's Redis prefix, as src/core/app.ts derives it from the database URL. */
const deploymentOf = (databaseUrl: string): string => createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12);

/** The events of `keys` in (after, upto], each once, in id order: what a client following those topics is owed. */
async function owed(log: RedisTopicLog, keys: readonly string[], after: string, upto: string): Promise<{ ids: string[]; gone: boolean }> {
  const byId = new Map<string, TopicEntry>();
  let gone = false;
  for (const key of keys) {
    const r = await log.range(key, after, upto, 100_000);
    gone ||= r.gone;
    for (const e of r.entries) byId.set(e.id, e);
  }
  return { ids: [...byId.keys()].sort(compareIds), gone };
}

interface Verdict {
  follower: StreamFollower;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  equal: boolean;
}

redis.tests(test, (test) => {
  const products: Product[] = [];
  const kills: (() => void)[] = [];
  const followers: StreamFollower[] = [];
  let db: FreshDatabase | undefined;
  let balancer: Balancer | undefined;
  let link: RedisLink | undefined;
  let deployment = '';

  test.after.always(async () => {
    for (const f of followers) f.stop();
    for (const kill of kills) kill();
    await Promise.all(products.map((p) => p.exited));
    await balancer?.close();
    if (link && deployment) {
      // Only this run's deployment (a hash of its fresh database) has keys under this prefix.
      for await (const keys of link.client.scanIterator({ MATCH: `dbsbm:{${deployment}}:*`, COUNT: 1000 })) if (keys.length) await link.client.del(keys);
    }
    await link?.close();
    await db?.drop();
  });

  test.serial(`${INSTANCES} instances behind a balancer, one killed with SIGKILL mid-replay: every SSE, WebSocket and long-poll client ends with every event exactly once, in order`, async (t) => {
    const began = Date.now();
    db = await freshDatabase();
    deployment = deploymentOf(db.url);
    const key = await seed(db.url);
    const seededAt = Date.now();
    const booting = Array.from({ length: INSTANCES }, () => bootProduct((fn) => void kills.push(fn), db!.url, testRedisUrl()).then((p) => (products.push(p), p)));
    const settled = await Promise.allSettled(booting);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const instances = settled.map((s) => (s as PromiseFulfilledResult<Product>).value);
    const readyAt = Date.now();
    balancer = await startBalancer(instances.map((p) => ({ host: '127.0.0.1', port: Number(new URL(p.base).port) })));
    const base = `http://127.0.0.1:${balancer.port}`;

    link = await RedisLink.open({ url: testRedisUrl(), logger: pino({ level: 'silent' }), metrics: new Metrics() });
    const log = new RedisTopicLog(link, `dbsbm:{${deployment}}:t:stream`, pino({ level: 'silent' }));
    const events = matchDayEvents(await seasonMatches(GAMES), { guildId: GUILD, firstGameId: FIRST_GAME_ID, betsPerGame: BETS_PER_GAME });

    // Browsers use a short-lived token in the URL (minted by one instance, checked by whichever the balancer picks);
    // servers send the key.
    const minted = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ttlSeconds: 900 }) });
    const token = z.object({ token: z.string() }).parse(await minted.json()).token;
    for (let i = 0; i < SSE_CLIENTS; i++) followers.push(new SseFollower(base, TOPICS, i % 2 === 0 ? { token } : { header: key }));
    for (let i = 0; i < WS_CLIENTS; i++) followers.push(new WsFollower(base, TOPICS, i % 2 === 0 ? { token } : { header: key }));
    for (let i = 0; i < POLL_CLIENTS; i++) followers.push(new PollFollower(base, TOPICS, { header: key }));
    for (const f of followers) f.begin();
    await waitUntil(() => followers.every((f) => f.start !== null), 'every client connected and ready', 30_000);
    const connectedAt = Date.now();

    // The replay, at a steady pace; the instance holding the most connections dies part-way.
    const killAt = Math.floor(events.length * KILL_AT);
    let victim: { index: number; connections: number[] } | undefined;
    let lastId = '';
    const replayed = new Set<string>();
    const t0 = Date.now();
    for (let i = 0; i < events.length; i++) {
      if (i === killAt) {
        const connections = balancer.open();
        const index = connections.indexOf(Math.max(...connections));
        victim = { index, connections };
        instances[index]!.kill();
        await instances[index]!.exited;
      }
      const e = events[i]!;
      lastId = (await log.append(e.keys, e.event, e.data))!;
      replayed.add(lastId);
      const due = t0 + ((i + 1) * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    const replayedAt = Date.now();
    const late = () => followers.filter((f) => !f.reached(lastId));
    await waitUntil(() => late().length === 0, 'every client to reach the last event', 45_000).catch((err: unknown) => {
      t.log(`${late().length} clients never reached ${lastId}: ${late().slice(0, 5).map((f) => `${f.kind} at ${f.ids.at(-1) ?? '—'} (${f.reconnects} reconnects)`).join(', ')}`);
      throw err;
    });
    const caughtUpAt = Date.now();
    for (const f of followers) f.stop();

    const verdicts: Verdict[] = [];
    let gone = false;
    let fromFeed = 0;
    for (const f of followers) {
      const expected = await owed(log, ['p:scores', `g:${GUILD}:bets`], f.start!, lastId);
      gone ||= expected.gone;
      fromFeed = Math.max(fromFeed, expected.ids.filter((id) => !replayed.has(id)).length);
      const got = f.ids.filter((id) => compareIds(id, lastId) <= 0);
      const have = new Set(got);
      verdicts.push({
        follower: f,
        missing: expected.ids.filter((id) => !have.has(id)).length,
        duplicates: got.length - have.size,
        outOfOrder: got.filter((id, k) => k > 0 && compareIds(id, got[k - 1]!) <= 0).length,
        equal: got.length === expected.ids.length && got.every((id, k) => id === expected.ids[k]),
      });
    }
    const sum = (pick: (v: Verdict) => number): number => verdicts.reduce((n, v) => n + pick(v), 0);
    const reconnects = followers.reduce((n, f) => n + f.reconnects, 0);
    const line =
      `stream failover: ${INSTANCES} instances, killed 1 at event ${killAt}/${events.length}, ${followers.length} clients ` +
      `(${SSE_CLIENTS} SSE, ${WS_CLIENTS} WebSocket, ${POLL_CLIENTS} long-poll), ${sum((v) => v.missing)} gaps, ${sum((v) => v.duplicates)} duplicates, ${reconnects} reconnects`;
    t.log(line);
    t.log(
      `${db.kind}: seeded ${seededAt - began} ms, ${INSTANCES} instances ready ${readyAt - seededAt} ms later, clients ready in ${connectedAt - readyAt} ms, ` +
        `replay of ${events.length} events in ${replayedAt - t0} ms (and ${fromFeed} score events of the instances' own feed), every client at the last event ${caughtUpAt - replayedAt} ms after it; ` +
        `connections per instance at the kill: ${victim!.connections.join('/')} (killed #${victim!.index}); balancer: ${balancer.forwarded} forwarded, ${balancer.refused} refused by the dead instance`,
    );

    t.is(sum((v) => v.missing), 0, 'no client misses an event');
    t.is(sum((v) => v.duplicates), 0, 'no client gets an event twice');
    t.is(sum((v) => v.outOfOrder), 0, 'every client gets its events in id order');
    const wrong = verdicts.filter((v) => !v.equal);
    t.deepEqual(wrong.map((v) => `${v.follower.kind}: ${v.missing} missing, ${v.duplicates} twice`).slice(0, 5), [], 'every client holds exactly the log’s events after where it started');
    t.false(gone, 'the log still holds everything the clients were owed');
    t.deepEqual(followers.flatMap((f) => f.resyncNotes), [], 'nobody was told to refetch: the history covers the outage');
    const refusals = followers.flatMap((f) => f.refusals).filter((r) => r.status < 500);
    t.deepEqual(refusals.slice(0, 3), [], 'no request was refused (4xx)');
    t.true(victim!.connections[victim!.index]! > 0, 'the killed instance held clients');
    t.true(followers.filter((f) => f.reconnects > 0).length > 0, 'clients of the killed instance reconnected');
    t.is(instances.filter((p) => p.alive()).length, INSTANCES - 1);
    for (const p of instances) if (p !== instances[victim!.index]) t.true(p.alive(), `an instance died:\n${deathLines(p)}`);
  });
});
