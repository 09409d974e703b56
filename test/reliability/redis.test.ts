import test from 'ava';
import { needs, testRedisUrl } from '../helpers/services.ts';
import { freshDatabase, runDatabase, type FreshDatabase } from './helpers/database.ts';
import { FaultReport } from './helpers/fault-report.ts';
import { audit, betNotes, openGame, replyText, runCommand, stakes, type CommandResult } from './helpers/member.ts';
import { deathLines, freePort, killAfter, spawnProduct, type Product } from './helpers/product.ts';
import { describeSample, isReady, judgeReadyz, ReadyzWatch, waitForReadyz, type ReadyzSample } from './helpers/readyz.ts';
import { betWhile, bootProduct, measureRecovery, RECOVERY_DEADLINE_MS, sigterm, sleep } from './helpers/scenario.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/faults/tcp-proxy.ts';

// Issue 13, finding 2: with REDIS_URL on a closed port the HTTP server never came up; when Redis went away mid-run
// /readyz hung 20 s, commands missed Discord's 3 s deadline, a write queued during the outage ran after the member
// was told it failed, and SIGTERM hung for minutes. The product reaches the shared Redis through a TCP proxy this
// file owns; the fault is the proxy cut, never the shared Redis.
const SHUTDOWN_DEADLINE_MS = 15_000;
/**
 * How long the product may take to answer /readyz when Redis is down from the start: a boot alone takes ~10 s, but
 * beside another file's boot on a 2-core box a normal boot took 38 s, so the deadline only catches a hang.
 */
const DEGRADED_BOOT_DEADLINE_MS = 60_000;

const redis = await needs(['redis']);
const report = new FaultReport('redis');
test.after.always(() => {
  if (redis.decision.run) report.finish(runDatabase());
});

const redisAddress = (): { host: string; port: number } => {
  const url = new URL(testRedisUrl());
  return { host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : 6379 };
};

const degradedByRedis = (s: ReadyzSample): boolean => s.answered && s.httpStatus === 200 && s.body.status === 'degraded' && s.body.checks.redis === 'degraded';
const readyWithRedis = (s: ReadyzSample): boolean => isReady(s) && s.answered && s.body.checks.redis === 'ok';

redis.tests(test, (test) => {
  let db: FreshDatabase;
  let proxy: TcpProxy;
  let product: Product | undefined;
  const cleanups: (() => void)[] = [];
  const cleanup = (fn: () => void) => cleanups.push(fn);
  const redisUrl = () => `redis://127.0.0.1:${proxy.port}`;
  test.before(async () => {
    db = await freshDatabase();
    proxy = await startTcpProxy(redisAddress());
  });
  test.after.always(async () => {
    for (const fn of cleanups) fn();
    await proxy?.close();
    await db?.drop();
  });

  /** The shared product with Redis reachable and ready, started again if a scenario before left none. */
  const running = async (): Promise<Product> => {
    proxy.restore();
    if (product?.alive()) {
      const ready = await waitForReadyz(product, readyWithRedis, 'ready with Redis', RECOVERY_DEADLINE_MS).then(
        () => true,
        () => false,
      );
      if (ready) return product;
      product.kill();
    }
    product = await bootProduct(cleanup, db.url, redisUrl());
    return product;
  };

  test.serial('REDIS_URL on a closed port at start: the app starts degraded (200), serves commands, and switches to Redis by itself when it comes up', async (t) => {
    proxy.cut('refuse');
    const p = killAfter(cleanup, spawnProduct({ DATABASE_URL: db.url, REDIS_URL: redisUrl(), HTTP_PORT: await freePort() }));
    product = p;
    const started = Date.now();
    let up: ReadyzSample | undefined;
    let upError = '';
    try {
      up = await waitForReadyz(p, (s) => s.answered && s.body.status !== 'starting', 'an answer from /readyz past starting', DEGRADED_BOOT_DEADLINE_MS);
    } catch (err) {
      upError = err instanceof Error ? err.message : String(err);
    }
    const upMs = Date.now() - started;
    const hello = up ? await runCommand(p.base, { command: 'hello' }) : undefined;
    proxy.restore();
    const restoredAt = Date.now();
    let recoveredMs: number | null = null;
    let recoveryError = '';
    if (up) {
      try {
        await waitForReadyz(p, readyWithRedis, 'ready with Redis after it came up', RECOVERY_DEADLINE_MS);
        recoveredMs = Date.now() - restoredAt;
      } catch (err) {
        recoveryError = err instanceof Error ? err.message : String(err);
      }
    }
    report.add({
      fault: 'Redis on a closed port at start',
      database: db.kind,
      processAlive: p.alive() ? 'yes' : 'NO (died)',
      readyzTruthful: up ? (degradedByRedis(up) ? `yes (${describeSample(up)})` : `NO: ${describeSample(up)}`) : `NO: no answer past starting in ${DEGRADED_BOOT_DEADLINE_MS} ms`,
      recoveredMs,
      acknowledged: 0,
      lost: 0,
      notes: up ? `up (degraded) ${upMs} ms after spawn; /hello: ${hello ? replyText(hello).slice(0, 60) : '-'}` : 'never came up',
    });
    t.truthy(up, `the app answers /readyz past "starting" within ${DEGRADED_BOOT_DEADLINE_MS} ms with Redis on a closed port: ${upError.split('\n')[0]}\n${p.tail(8)}`);
    if (!up) return;
    t.true(degradedByRedis(up), `/readyz says 200 degraded with checks.redis degraded: ${describeSample(up)}`);
    t.is(up.answered && up.body.checks.database, 'ok');
    t.true(hello?.answered === true && hello.httpStatus === 200, `a command answers while Redis is down: ${hello ? replyText(hello) : ''}`);
    t.not(recoveredMs, null, `switches to Redis by itself once it comes up: ${recoveryError.split('\n')[0]}`);
  });

  test.serial('Redis goes away mid-run (its connection goes silent): /readyz says degraded within 1 s, commands still answer, a write is applied iff it was acknowledged, and it recovers', async (t) => {
    const p = await running();
    const game = await openGame(db);
    const nextStake = stakes();
    const before = await runCommand(p.base, { command: 'hello' });
    t.is(before.answered && before.httpStatus, 200, 'a command answers before the outage');
    const watch = new ReadyzWatch(p);
    await sleep(500);
    const cutAt = Date.now();
    proxy.cut('blackhole', { existing: 'freeze' });
    await sleep(1500);
    const greeting = `Outage ${Date.now() % 100_000}`;
    // During the outage: a read, a settings write (a cache entry to invalidate, an event on the bus) and bets.
    const [read, write, bets] = await Promise.all([
      runCommand(p.base, { command: 'hello' }),
      runCommand(p.base, { command: 'settings set', options: { plugin: 'hello', key: 'greeting', value: greeting } }),
      betWhile(p.base, game, nextStake, 1000, sleep(4000)),
    ]);
    proxy.restore();
    const restoredAt = Date.now();
    const recovery = await measureRecovery(p, game, nextStake, restoredAt);
    await sleep(3000);
    const samples = await watch.stop();
    const alive = p.alive();

    // The settings write: acknowledged means /hello greets with it now; refused means it never shows up, also
    // after Redis is back (nothing queued during the outage runs after the member was told it failed).
    const writeAcknowledged = write.answered && write.httpStatus === 200 && /hello\.greeting is now/.test(replyText(write));
    await sleep(2000);
    const after = alive ? await runCommand(p.base, { command: 'hello' }) : undefined;
    const greeted = after ? replyText(after).includes(`${greeting}, `) : false;
    const outcome = await audit(db, [...bets, ...recovery.attempts]);
    const commands: [string, CommandResult][] = [['hello', read], ['settings set', write], ...bets.map((b): [string, CommandResult] => [`bet place ${b.units}`, b.outcome === 'no-answer' ? { answered: false, error: b.said, ms: 0 } : { answered: true, httpStatus: /^HTTP (\d+)/.exec(b.said) ? Number(/^HTTP (\d+)/.exec(b.said)![1]) : 200, body: {}, ms: 0 }])];
    const unanswered = commands.filter(([, r]) => !r.answered || r.httpStatus !== 200).map(([name, r]) => `${name}: ${r.answered ? `HTTP ${r.httpStatus}` : r.error}`);
    const judged = judgeReadyz(samples, { from: cutAt + 1000, to: restoredAt }, degradedByRedis);
    report.add({
      fault: 'Redis goes silent mid-run (~7 s)',
      database: db.kind,
      processAlive: alive ? 'yes' : 'NO (died)',
      readyzTruthful: judged.line,
      recoveredMs: recovery.ms,
      acknowledged: outcome.acknowledged + (writeAcknowledged ? 1 : 0),
      lost: outcome.lost.length + (writeAcknowledged && !greeted ? 1 : 0),
      notes: `commands unanswered: ${unanswered.length}/${commands.length}; settings write ${writeAcknowledged ? 'acknowledged' : 'refused'}${!writeAcknowledged && greeted ? ' BUT APPLIED LATER' : ''}; ${betNotes(bets, outcome)}`,
    });
    t.log(`read: ${replyText(read).slice(0, 120)}`);
    t.log(`write: ${replyText(write).slice(0, 120)}`);
    for (const b of bets) t.log(`bet at +${b.at - cutAt} ms: ${b.outcome} — ${b.said.slice(0, 140)}`);
    t.true(alive, `the process died during the Redis outage:\n${deathLines(p)}`);
    t.deepEqual(judged.wrong, [], '/readyz answers within 1 s and says 200 degraded (checks.redis degraded) while Redis is silent');
    t.deepEqual(unanswered, [], 'every command answers during the outage (no 504: Discord would say "the application did not respond")');
    if (writeAcknowledged) t.true(greeted, `the settings write acknowledged during the outage is applied: ${after ? replyText(after) : ''}`);
    else t.false(greeted, `the settings write the member was told failed is not applied later: ${replyText(write)}`);
    t.not(recovery.ms, null, `recovers by itself after Redis is back: ${recovery.why ?? ''}`);
    t.deepEqual(outcome.lost.map((a) => a.said), [], 'every bet the member was told was placed is in the database');
    t.deepEqual(outcome.refusedApplied.map((a) => a.said), [], 'no bet the member was told failed was applied later');
  });

  test.serial('SIGTERM while Redis does not answer: the process exits within 15 s', async (t) => {
    const p = await running();
    proxy.cut('blackhole', { existing: 'freeze' });
    await sleep(1500);
    const exit = await sigterm(p, SHUTDOWN_DEADLINE_MS);
    proxy.restore();
    report.add({
      fault: 'SIGTERM while Redis does not answer',
      database: db.kind,
      processAlive: exit ? `exited on SIGTERM in ${exit.ms} ms (${exit.code ?? exit.signal})` : `NO: still running ${SHUTDOWN_DEADLINE_MS} ms after SIGTERM`,
      readyzTruthful: 'n/a',
      recoveredMs: null,
      acknowledged: 0,
      lost: 0,
      notes: 'blackhole 1.5 s before the signal',
    });
    t.not(exit, null, `the process exits within ${SHUTDOWN_DEADLINE_MS} ms of SIGTERM while Redis does not answer:\n${p.tail(10)}\n(whole output: ${p.logFile})`);
  });
});
