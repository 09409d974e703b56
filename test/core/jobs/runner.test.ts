import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { PermanentJobError, RetryLaterError, type JobRun } from '../../../src/core/jobs/types.ts';
import { withJitter } from '../../../src/core/jobs/backoff.ts';
import { bootApp } from '../../helpers/app.ts';

function recorder(name = 'rec', extra: Record<string, unknown> = {}) {
  const runs: JobRun[] = [];
  let behaviour: (run: JobRun) => Promise<void> | void = () => undefined;
  const plugin = definePlugin({
    name,
    version: '1.0.0',
    jobs: {
      work: {
        handler: async (run) => {
          runs.push(run);
          await behaviour(run);
        },
        maxAttempts: 3,
        backoff: () => 1,
      },
    },
    ...extra,
  });
  return { plugin, runs, set: (b: typeof behaviour) => (behaviour = b) };
}

const waitFor = async (check: () => boolean, what: string, ms = 20_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a job enqueued in a transaction exists only if the transaction commits', async (t) => {
  const rec = recorder();
  const app = await bootApp(t, [{ plugin: rec.plugin }]);
  const ctx = app.contextOf('rec')!;
  await t.throwsAsync(
    ctx.em().transactional(async (em) => {
      await ctx.jobs.enqueue(em, 'work', { n: 1 });
      throw new Error('the change failed');
    }),
  );
  t.deepEqual(await app.jobStore.list(), []);
  await ctx.em().transactional(async (em) => ctx.jobs.enqueue(em, 'work', { n: 2 }));
  await app.jobs.drain();
  t.deepEqual(rec.runs.map((r) => r.payload), [{ n: 2 }]);
  t.is((await app.jobStore.list())[0]!.status, 'done');
});

test('the same idempotency key is never enqueued twice, and the handler sees it', async (t) => {
  const rec = recorder();
  const app = await bootApp(t, [{ plugin: rec.plugin }]);
  const ctx = app.contextOf('rec')!;
  for (let i = 0; i < 3; i++) await ctx.jobs.enqueue(ctx.em(), 'work', { i }, { idempotencyKey: 'bet-42-settled' });
  await app.jobs.drain();
  t.is(rec.runs.length, 1);
  t.is(rec.runs[0]!.idempotencyKey, 'bet-42-settled');
  t.is((await app.jobStore.list()).length, 1);
});

test('a failing job is retried with backoff, then dead-lettered, and can be retried by hand', async (t) => {
  const rec = recorder();
  const app = await bootApp(t, [{ plugin: rec.plugin }]);
  const ctx = app.contextOf('rec')!;
  rec.set(() => {
    throw new Error('receiver down');
  });
  await ctx.jobs.enqueue(ctx.em(), 'work', {}, { idempotencyKey: 'k1' });
  app.jobs.start();
  await waitFor(() => rec.runs.length >= 3, 'three attempts');
  await app.jobs.stop();
  const [dead] = await app.jobStore.list({ status: 'dead' });
  t.truthy(dead, 'the job is visible as dead');
  t.is(dead!.attempts, 3);
  t.regex(dead!.lastError!, /receiver down/);
  t.deepEqual(rec.runs.map((r) => r.attempt), [1, 2, 3]);
  t.true(rec.runs.every((r) => r.idempotencyKey === 'k1'));

  rec.set(() => undefined);
  t.true(await app.jobStore.retryDead(dead!.id));
  app.jobs.start();
  await waitFor(() => rec.runs.length === 4, 'the retried run');
  await app.jobs.stop();
  t.is((await app.jobStore.get(dead!.id))!.status, 'done');
  t.false(await app.jobStore.retryDead(dead!.id), 'only dead jobs can be retried');
});

test('RetryLaterError sets the next attempt; PermanentJobError dead-letters at once', async (t) => {
  const rec = recorder();
  const app = await bootApp(t, [{ plugin: rec.plugin }]);
  const ctx = app.contextOf('rec')!;
  rec.set(() => {
    throw new RetryLaterError('429', 60 * 60_000);
  });
  const before = Date.now();
  await ctx.jobs.enqueue(ctx.em(), 'work', {});
  await app.jobs.drain();
  const [pending] = await app.jobStore.list({ status: 'pending' });
  t.true(pending!.runAt >= before + 60 * 60_000 - 1000, 'scheduled about an hour later');
  t.is(rec.runs.length, 1);

  rec.set(() => {
    throw new PermanentJobError('410 Gone');
  });
  await ctx.jobs.enqueue(ctx.em(), 'work', {}, { idempotencyKey: 'gone' });
  await app.jobs.drain();
  const dead = await app.jobStore.list({ status: 'dead' });
  t.is(dead.length, 1);
  t.is(dead[0]!.attempts, 1);
});

test('backoff jitter keeps at least half the delay and never exceeds it', (t) => {
  t.is(withJitter(1000, () => 0), 500);
  t.is(withJitter(1000, () => 1), 1000);
});

test('two workers claiming the same queue at once never run a job twice', async (t) => {
  const rec = recorder();
  const a = await bootApp(t, [{ plugin: rec.plugin }], { jobs: { autoStart: false, concurrency: 8, pollMs: 5 } });
  const b = await bootApp(t, [{ plugin: rec.plugin }], { databaseUrl: a.config.DATABASE_URL, jobs: { autoStart: false, concurrency: 8, pollMs: 5 } });
  const ctx = a.contextOf('rec')!;
  const total = 200;
  await ctx.em().transactional(async (em) => {
    for (let i = 0; i < total; i++) await ctx.jobs.enqueue(em, 'work', { i }, { idempotencyKey: `job-${i}` });
  });
  rec.set(() => new Promise((r) => setTimeout(r, 1)));
  a.jobs.start();
  b.jobs.start();
  await waitFor(() => rec.runs.length >= total, 'all jobs');
  await new Promise((r) => setTimeout(r, 200));
  const keys = rec.runs.map((r) => r.idempotencyKey);
  t.is(keys.length, total, 'each job ran exactly once');
  t.is(new Set(keys).size, total);
  t.is((await a.jobStore.list({ status: 'done', limit: 1000 })).length, total);
});

test('a worker killed mid-job loses nothing: the lease expires and the job runs again with the same key', async (t) => {
  const rec = recorder('crashy');
  const app = await bootApp(t, [{ plugin: rec.plugin }], { jobs: { autoStart: false, pollMs: 20 } });
  const ctx = app.contextOf('crashy')!;
  await ctx.jobs.enqueue(ctx.em(), 'work', { bet: 7 }, { idempotencyKey: 'bet-7-webhook' });

  const marker = join(mkdtempSync(join(tmpdir(), 'dbsbm-crash-')), 'started');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/crashing-worker.ts'], {
    env: { ...process.env, DATABASE_URL: app.config.DATABASE_URL, MARKER_FILE: marker },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => existsSync(marker), 'the child to start the job', 60_000);
  child.kill('SIGKILL');
  await exited;
  t.regex(readFileSync(marker, 'utf8'), /^bet-7-webhook attempt=1$/m);

  const [running] = await app.jobStore.list({ status: 'running' });
  t.truthy(running, 'the killed worker still holds the job');
  app.jobs.start();
  await waitFor(() => rec.runs.length === 1, 'the job to run again after the lease expired');
  t.is(rec.runs[0]!.idempotencyKey, 'bet-7-webhook');
  t.is(rec.runs[0]!.attempt, 2);
  await app.jobs.stop();
  t.is((await app.jobStore.list())[0]!.status, 'done');
});

test('cron ticks enqueue once per tick across instances', async (t) => {
  const rec = recorder('ticker', {});
  const plugin = definePlugin({ ...rec.plugin, jobs: { tick: { cron: '* * * * * *', handler: () => undefined } } });
  const a = await bootApp(t, [{ plugin }]);
  await bootApp(t, [{ plugin }], { databaseUrl: a.config.DATABASE_URL });
  await waitFor(() => false, 'never', 2300).catch(() => undefined);
  const rows = await a.jobStore.list({ plugin: 'ticker', limit: 100 });
  t.true(rows.length >= 1, 'at least one tick');
  const keys = rows.map((r) => r.idempotencyKey);
  t.is(new Set(keys).size, rows.length, 'one job per tick');
  t.true(keys.every((k) => /^cron:ticker:tick:\d{4}-/.test(k!)));
});
