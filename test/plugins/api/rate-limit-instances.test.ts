import test from 'ava';
import { z } from 'zod';
import { App } from '../../../src/core/app.ts';
import { loadConfig } from '../../../src/core/config/env.ts';
import { DEMO } from '../../../src/core/local/demo-world.ts';
import { loadPluginsConfig } from '../../../src/core/plugins/load-config.ts';
import { issueKey } from '../../helpers/api.ts';
import { silentLogger } from '../../helpers/app.ts';
import { startTcpProxy, type TcpProxy } from '../../helpers/faults/tcp-proxy.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';
import { freshDatabase, type FreshDatabase } from '../../reliability/helpers/database.ts';
import { deathLines, type Product } from '../../reliability/helpers/product.ts';
import { waitForReadyz, type ReadyzSample } from '../../reliability/helpers/readyz.ts';
import { bootProduct, sleep, RECOVERY_DEADLINE_MS } from '../../reliability/helpers/scenario.ts';
import { withoutFeed } from './deployment.ts';

// Several real processes (`npm start`) share one database and one Redis: the rate limit of a key must hold across
// all of them, and while one instance cannot reach Redis it must neither let writes through nor reads unlimited.
// Every Redis key these processes write is under the deployment's prefix, a hash of this run's fresh database URL,
// and expires within two minutes; the test itself never touches Redis. The last instance reaches Redis through a
// TCP proxy the test owns (transparent until cut), so the cut scenario needs no fourth boot: a boot costs ~10 s of
// a core on this 2-core box, and the whole file must stay well under a minute.

const LIMIT = 100;
const REQUESTS = 1000;
const IN_FLIGHT = 20;
const INSTANCES = 3;
/** The guild whose key is used: the demo server, seeded here first so no instance seeds it at boot (they would race). */
const GUILD = DEMO.guildId;
/** The read the keys make: cheap, keyed, root of the api plugin. */
const READ = '/api/v1/usage?days=1';
/** A declared write: the rate limit answers before its body is even read. */
const WRITE = '/api/v1/betting/bets';
/** Instances of the deployment that count themselves every 10 s; a cut instance keeps the last count it saw. */
const PEER_REFRESH_MS = 10_000;

const problem = z.object({ code: z.string() }).loose();

const redis = await needs(['redis']);

interface Answer {
  instance: number;
  status: number;
  code?: string;
  retryAfter: string | null;
  rateLimit: string | null;
  policy: string | null;
  limit: string | null;
}

async function call(base: string, instance: number, key: string, method: 'GET' | 'POST', path: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  const text = await res.text();
  const parsed = res.status >= 400 ? problem.safeParse(JSON.parse(text || '{}')) : undefined;
  return {
    instance,
    status: res.status,
    ...(parsed?.success ? { code: parsed.data.code } : {}),
    retryAfter: res.headers.get('retry-after'),
    rateLimit: res.headers.get('ratelimit'),
    policy: res.headers.get('ratelimit-policy'),
    limit: res.headers.get('x-ratelimit-limit'),
  };
}

/** Runs `n` calls with at most `inFlight` at once, in index order. */
async function pool<T>(n: number, inFlight: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await run(i);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return out;
}

const tally = (answers: readonly Answer[]): string => {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(`#${a.instance} ${a.status}`, (counts.get(`#${a.instance} ${a.status}`) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k}×${v}`).join(', ');
};

/**
 * Migrates the fresh database with every plugin of plugins.config.ts (the instances then find nothing to migrate and
 * cannot race at it), puts the demo server on Platinum with `api_rate_limit` 100 and issues `n` keys. No Redis: it
 * must not count itself among the deployment's instances.
 */
async function seed(databaseUrl: string, n: number): Promise<string[]> {
  const app = await App.create({
    config: loadConfig({ DATABASE_URL: databaseUrl, HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
    plugins: (await loadPluginsConfig()).map(withoutFeed),
    logger: silentLogger,
    bot: false,
    jobs: { autoStart: false },
  });
  try {
    await app.settings.setTier(GUILD, 'platinum');
    await app.settings.setPlanLimit(GUILD, 'api_rate_limit', LIMIT);
    const keys: string[] = [];
    for (let i = 0; i < n; i++) keys.push(await issueKey(app, GUILD, { scope: 'write', name: `instances ${i}` }));
    return keys;
  } finally {
    await app.stop();
  }
}

const redisAddress = (): { host: string; port: number } => {
  const url = new URL(testRedisUrl());
  return { host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : 6379 };
};

const redisIs = (state: string) => (s: ReadyzSample): boolean => s.answered && s.body.checks.redis === state;

redis.tests(test, (test) => {
  let db: FreshDatabase;
  let proxy: TcpProxy;
  let keys: { shared: string; cutRead: string; cutWrite: string };
  /** The instances; the last reaches Redis through the proxy. */
  let instances: Product[] = [];
  let allReadyAt = 0;
  let preparation = '';
  const products: Product[] = [];
  // SIGKILL of every process started, a boot that timed out included.
  const kills: (() => void)[] = [];
  const cleanup = (fn: () => void): void => void kills.push(fn);

  test.before(async () => {
    const began = Date.now();
    db = await freshDatabase();
    proxy = await startTcpProxy(redisAddress());
    const [shared1, cutRead, cutWrite] = await seed(db.url, 3);
    const seededAt = Date.now();
    keys = { shared: shared1!, cutRead: cutRead!, cutWrite: cutWrite! };
    // Booted side by side: one boot takes ~10 s of a core.
    const redisUrls = Array.from({ length: INSTANCES }, (_, i) => (i === INSTANCES - 1 ? `redis://127.0.0.1:${proxy.port}` : testRedisUrl()));
    const booting = redisUrls.map((url) =>
      bootProduct(cleanup, db.url, url).then((p) => (products.push(p), p)),
    );
    const settled = await Promise.allSettled(booting);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    instances = settled.map((s) => (s as PromiseFulfilledResult<Product>).value);
    allReadyAt = Date.now();
    preparation = `${db.kind}: seeded in ${seededAt - began} ms, ${INSTANCES} instances ready ${allReadyAt - seededAt} ms later`;
  });

  test.after.always(async () => {
    proxy?.restore();
    for (const kill of kills) kill();
    await Promise.all(products.map((p) => p.exited));
    await proxy?.close();
    await db?.drop();
  });

  test.serial(`${REQUESTS} requests of one key (limit ${LIMIT}/min) spread over ${INSTANCES} instances sharing Redis: exactly ${LIMIT} succeed, the rest are 429 with Retry-After and RateLimit headers`, async (t) => {
    t.log(preparation);
    const started = Date.now();
    const answers = await pool(REQUESTS, IN_FLIGHT, (i) => call(instances[i % INSTANCES]!.base, i % INSTANCES, keys.shared, 'GET', READ));
    const elapsedMs = Date.now() - started;
    const summary = `${tally(answers)} in ${elapsedMs} ms`;
    t.log(summary);
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    // Past the one-minute window the key may rightly start again: the counts would not say anything then.
    t.true(elapsedMs < 60_000, `all requests fit in one window: ${summary}`);
    t.is(ok.length, LIMIT, summary);
    t.is(limited.length, REQUESTS - LIMIT, summary);
    const unexplained = limited.filter((a) => a.code !== 'RATE_LIMITED' || !/^[1-9]\d*$/.test(a.retryAfter ?? '') || !/^"per-key";r=0;t=\d+$/.test(a.rateLimit ?? '') || a.policy !== `"per-key";q=${LIMIT};w=60`);
    t.deepEqual(unexplained.slice(0, 3), [], `every 429 is RATE_LIMITED with Retry-After, RateLimit and RateLimit-Policy (${unexplained.length} not)`);
    t.true(ok.every((a) => a.limit === String(LIMIT) && a.rateLimit !== null), 'every 200 states the shared limit');
    for (let i = 0; i < INSTANCES; i++) {
      const mine = answers.filter((a) => a.instance === i);
      t.true(mine.some((a) => a.status === 200) && mine.some((a) => a.status === 429), `instance #${i} answered both 200 and 429: ${summary}`);
    }
    for (const p of instances) t.true(p.alive(), `an instance died:\n${deathLines(p)}`);
  });

  test.serial('an instance that cannot reach Redis refuses writes with 503 RATE_LIMIT_STORE_DOWN and serves reads only up to its share of the limit', async (t) => {
    const cut = instances[INSTANCES - 1]!;
    // Its last count of the deployment's instances must include all of them: one refresh after they were all up.
    await sleep(Math.max(0, allReadyAt + PEER_REFRESH_MS + 1000 - Date.now()));
    const share = Math.floor(LIMIT / INSTANCES);
    proxy.cut('refuse');
    await waitForReadyz(cut, redisIs('degraded'), 'checks.redis degraded after the cut', RECOVERY_DEADLINE_MS);

    const write = await call(cut.base, INSTANCES - 1, keys.cutWrite, 'POST', WRITE);
    t.is(write.status, 503, `a write while Redis is unreachable: ${JSON.stringify(write)}`);
    t.is(write.code, 'RATE_LIMIT_STORE_DOWN');
    t.regex(write.retryAfter ?? '', /^[1-9]\d*$/, 'the 503 says when to retry');

    const reads = await pool(share + 20, 5, () => call(cut.base, INSTANCES - 1, keys.cutRead, 'GET', READ));
    const ok = reads.filter((a) => a.status === 200);
    const limited = reads.filter((a) => a.status === 429);
    const summary = `${ok.length} × 200, ${limited.length} × 429 of ${reads.length}; limits stated: ${[...new Set(reads.map((a) => a.limit))].join(', ')}`;
    t.log(summary);
    t.is(ok.length, share, `reads answer up to the instance's share (${LIMIT} / ${INSTANCES} instances), never unlimited: ${summary}`);
    t.is(limited.length, reads.length - share, summary);
    t.true(reads.every((a) => a.limit === String(share)), `every read states the share as its limit: ${summary}`);
    t.true(
      limited.every((a) => a.code === 'RATE_LIMITED' && /^[1-9]\d*$/.test(a.retryAfter ?? '') && a.rateLimit !== null),
      'every 429 is RATE_LIMITED with Retry-After and RateLimit',
    );

    // Over its share, a write is still refused as a write (never let through, never counted as merely limited).
    const late = await call(cut.base, INSTANCES - 1, keys.cutRead, 'POST', WRITE);
    t.is(late.status, 503, JSON.stringify(late));
    t.is(late.code, 'RATE_LIMIT_STORE_DOWN');
    // The instances that still reach Redis keep counting there, against the whole limit.
    const elsewhere = await call(instances[0]!.base, 0, keys.cutWrite, 'GET', READ);
    t.is(elsewhere.status, 200, JSON.stringify(elsewhere));
    t.is(elsewhere.limit, String(LIMIT));
    t.true(cut.alive(), `the cut instance died:\n${deathLines(cut)}`);
  });
});
