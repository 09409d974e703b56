import test from 'ava';
import { parseDatabaseUrl } from '../../../src/core/db/database-url.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp } from '../../helpers/app.ts';
import { holdSqliteLock, type SqliteLock } from '../../helpers/faults/sqlite-lock.ts';

const onSqlite = !process.env.DATABASE_URL || process.env.DATABASE_URL.startsWith('sqlite:');

const waitFor = async (check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

// Before the fix, the failure path's write ("database is locked" after the busy timeout) was an unhandled rejection
// that ended the process (here: ava's worker, which reports it as a failure).
(onSqlite ? test : test.skip)('a job whose failure cannot be written (SQLite locked by another process) is retried once the lock is gone, and nothing crashes', async (t) => {
  let file = '';
  let lock: SqliteLock | undefined;
  const attempts: number[] = [];
  const plugin = definePlugin({
    name: 'flaky',
    version: '1.0.0',
    jobs: {
      work: {
        maxAttempts: 5,
        backoff: () => 1,
        handler: async (run) => {
          attempts.push(run.attempt);
          if (run.attempt === 1) {
            // Another program takes the write lock for longer than the busy timeout (SQLITE_BUSY_TIMEOUT_MS), then the handler fails.
            // One job at a time and a 2 s lease keep the worker's other writes (claims, lease renewals) from
            // reaching the lock first.
            lock = await holdSqliteLock(file, 3_000);
            throw new Error('the first attempt fails while the database is locked');
          }
        },
      },
    },
  });
  const app = await bootApp(t, [{ plugin }], { jobs: { autoStart: false, pollMs: 50, leaseMs: 2_000, concurrency: 1 } });
  file = parseDatabaseUrl(app.config.DATABASE_URL).dbName;
  t.teardown(() => lock?.kill());
  const ctx = app.contextOf('flaky')!;
  await ctx.em().transactional((em) => ctx.jobs.enqueue(em, 'work', {}));
  app.jobs.start();
  await waitFor(async () => (await app.jobStore.list().catch(() => []))[0]?.status === 'done', 'the job to be done after the lock');
  t.deepEqual(attempts.slice(0, 1), [1]);
  t.true(attempts.length >= 2, 'the job ran again after the lock was released');
  const metrics = await app.metrics.registry.getSingleMetricAsString('dbsbm_jobs_total');
  t.regex(metrics, /outcome="unrecorded"/);
});
