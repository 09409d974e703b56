import type { FreshDatabase } from './database.ts';
import { placeBet, type BetAttempt } from './member.ts';
import { freePort, killAfter, spawnProduct, type Cleanup, type Product } from './product.ts';
import { isReady, waitForReadyz } from './readyz.ts';

/** How long a boot of the product may take on a busy 2-core box before the test gives up. */
export const BOOT_DEADLINE_MS = 90_000;
/** How long the product may take to come back after a fault ends before it counts as not recovered. */
export const RECOVERY_DEADLINE_MS = 30_000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the product on `db` (and `redisUrl`) and waits until /readyz says ready; killed on teardown. */
export async function bootProduct(cleanup: Cleanup, databaseUrl: string, redisUrl?: string): Promise<Product> {
  const product = killAfter(cleanup, spawnProduct({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, HTTP_PORT: await freePort() }));
  await waitForReadyz(product, isReady, 'ready after boot', BOOT_DEADLINE_MS);
  return product;
}

/**
 * Places a bet every `everyMs` until `until` settles, without waiting for one attempt before the next (a member
 * does not wait for the database either), then waits for every answer.
 */
export async function betWhile(base: string, game: number, nextStake: () => number, everyMs: number, until: Promise<unknown>): Promise<BetAttempt[]> {
  const pending: Promise<BetAttempt>[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    pending.push(placeBet(base, game, nextStake()));
    await Promise.race([sleep(everyMs), until]);
  }
  return Promise.all(pending);
}

/**
 * Waits from `since` (the end of the fault) until /readyz says ready and a bet is placed again: the product has
 * recovered by itself. Returns the time it took and the attempts made, or null when it did not within the deadline.
 */
export async function measureRecovery(product: Product, game: number, nextStake: () => number, since: number): Promise<{ ms: number | null; attempts: BetAttempt[]; why?: string }> {
  const attempts: BetAttempt[] = [];
  try {
    await waitForReadyz(product, isReady, 'ready after the fault', RECOVERY_DEADLINE_MS);
  } catch (err) {
    return { ms: null, attempts, why: err instanceof Error ? err.message : String(err) };
  }
  const end = since + RECOVERY_DEADLINE_MS * 2;
  while (Date.now() < end && product.alive()) {
    const a = await placeBet(product.base, game, nextStake());
    attempts.push(a);
    if (a.outcome === 'placed') return { ms: Date.now() - since, attempts };
    await sleep(200);
  }
  return { ms: null, attempts, why: `no bet placed after the fault: ${attempts.at(-1)?.said ?? 'the product exited'}` };
}

/**
 * Queues `n` jobs of a real handler straight into the product's job table, due one after another over `spreadMs`,
 * so the job runner is claiming, running and recording jobs all through a fault. The handler (analytics'
 * scheduled-report delivery) reads its schedule, finds none and finishes: a database read inside the handler, then
 * the runner's writes. Returns the idempotency-key prefix that names them.
 */
export async function seedJobs(db: FreshDatabase, n: number, spreadMs: number): Promise<string> {
  const prefix = `reliability:${Date.now()}:`;
  const now = Date.now();
  for (let i = 0; i < n; i += 100) {
    const chunk = Array.from({ length: Math.min(100, n - i) }, (_, k) => i + k);
    const values = chunk.map(() => "('analytics', 'deliver-report', null, ?, ?, 'pending', 0, 6, ?, ?, ?)").join(', ');
    const params = chunk.flatMap((k) => [JSON.stringify({ scheduleId: 900_000_000 + k, runAt: 0 }), `${prefix}${k}`, now + Math.floor((k * spreadMs) / n), now, now]);
    await db.query(
      `insert into jobs (plugin, name, guild_id, payload, idempotency_key, status, attempts, max_attempts, run_at, created_at, updated_at) values ${values}`,
      params,
    );
  }
  return prefix;
}

/** The seeded jobs by status. */
export async function jobCounts(db: FreshDatabase, prefix: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: number | string }>(`select status, count(*) as n from jobs where idempotency_key like ? group by status`, [`${prefix}%`]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * What the fault did to the job runner, from the database and the product's log: seeded jobs whose handler failed
 * and were retried, and outcomes the runner could not record (the failure path of finding 1). Both above zero show
 * the fault hit jobs in flight.
 */
export async function jobFaultNotes(db: FreshDatabase, prefix: string, product: Product, since: number): Promise<string> {
  const rows = await db.query<{ n: number | string }>(`select count(*) as n from jobs where idempotency_key like ? and last_error is not null`, [`${prefix}%`]);
  const unrecorded = product.logs().filter((l) => l.time >= since && /could not record the outcome/i.test(l.msg)).length;
  return `jobs retried after a failure: ${Number(rows[0]?.n ?? 0)}, outcomes not recorded: ${unrecorded}`;
}

/** Waits until `check` holds, polling; throws `what` when the deadline passes. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Sends SIGTERM and waits up to `deadlineMs` for the process to exit; null when it did not. */
export async function sigterm(product: Product, deadlineMs: number): Promise<{ ms: number; code: number | null; signal: string | null } | null> {
  const sent = Date.now();
  product.child.kill('SIGTERM');
  const exit = await Promise.race([product.exited, sleep(deadlineMs).then(() => null)]);
  return exit ? { ms: exit.at - sent, code: exit.code, signal: exit.signal } : null;
}
