import test from 'ava';
import { dialectMigration } from '../../../src/core/db/dialect-migration.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import type { PluginContext } from '../../../src/core/plugins/types.ts';
import { PermanentJobError, RetryLaterError, type JobBatchResult, type JobRun } from '../../../src/core/jobs/types.ts';
import { JobRunner } from '../../../src/core/jobs/runner.ts';
import { bootApp, silentLogger } from '../../helpers/app.ts';

const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

type Ctx = PluginContext<unknown, Record<string, unknown>>;

/** A plugin with a batch job `send` (it records each batch) and a single job `one`. */
function batcher(handle: (runs: JobRun[], ctx: Ctx) => Promise<JobBatchResult>, size = 10) {
  const batches: JobRun[][] = [];
  const singles: JobRun[] = [];
  const plugin = definePlugin({
    name: 'batcher',
    version: '1.0.0',
    migrations: [
      dialectMigration('Migration20261207000000_batcher', {
        sqlite: ['create table batcher_rows (job_id integer not null, attempt integer not null)'],
        mysql: ['create table batcher_rows (job_id int not null, attempt int not null)'],
      }),
    ],
    jobs: {
      send: {
        maxAttempts: 3,
        backoff: () => 1,
        batch: {
          size,
          concurrency: 1,
          handler: async (runs, ctx) => {
            batches.push(runs);
            return handle(runs, ctx as Ctx);
          },
        },
      },
      one: { handler: (run) => void singles.push(run) },
    },
  });
  return { plugin, batches, singles };
}

const rowsOf = (ctx: Ctx) => ctx.data.all<{ job_id: number; attempt: number }>('select job_id, attempt from batcher_rows order by job_id, attempt');
const writeRows = (ctx: Ctx, runs: JobRun[]) => async (em: Parameters<NonNullable<JobBatchResult['write']>>[0]) => {
  for (const run of runs) await ctx.data.run('insert into batcher_rows (job_id, attempt) values (?, ?)', [run.id, run.attempt], em);
};

test('a batch job is claimed many runs at a time, apart from single jobs; outcomes and the handler’s rows land together', async (t) => {
  const b = batcher(async (runs, ctx) => ({
    outcomes: runs.map((run) => {
      const n = (run.payload as { n: number }).n;
      if (n === 3 && run.attempt === 1) return new Error('flaky once');
      if (n === 4) return new PermanentJobError('never');
      if (n === 5 && run.attempt === 1) return new RetryLaterError('later', 60 * 60_000);
      return undefined;
    }),
    write: writeRows(ctx, runs),
  }));
  const app = await bootApp(t, [{ plugin: b.plugin }]);
  const ctx = app.contextOf('batcher')!;
  await ctx.data.transaction(async (em) => {
    for (let n = 0; n < 25; n++) await ctx.jobs.enqueue(em, 'send', { n }, { idempotencyKey: `send-${n}` });
    for (let n = 0; n < 3; n++) await ctx.jobs.enqueue(em, 'one', { n });
  });
  await app.jobs.drain();
  t.is(b.singles.length, 3, 'single jobs ran on their own');
  t.deepEqual(b.batches.slice(0, 2).map((runs) => runs.length), [10, 10], 'the first claims take batches of `size`');
  t.true(b.batches.every((runs) => runs.length <= 10));
  t.is(b.batches.flat().length, 26, 'each run once, and the retried one again');
  t.true(b.batches.every((runs) => runs.every((r) => r.name === 'send')), 'a batch holds only its kind');
  const jobs = await app.jobStore.list({ plugin: 'batcher', limit: 100 });
  const byN = new Map(jobs.filter((j) => j.name === 'send').map((j) => [(j.payload as { n: number }).n, j]));
  t.is(byN.get(0)!.status, 'done');
  t.is(byN.get(3)!.status, 'done', 'a failed run is retried with backoff, then done');
  t.is(byN.get(3)!.attempts, 2);
  t.is(byN.get(4)!.status, 'dead', 'PermanentJobError dead-letters at once');
  t.regex(byN.get(4)!.lastError!, /never/);
  t.is(byN.get(5)!.status, 'pending', 'RetryLaterError sets the next attempt');
  t.true(byN.get(5)!.runAt > Date.now() + 50 * 60_000);
  const rows = await rowsOf(ctx);
  t.is(rows.length, 25 + 1, 'one row per run handed over, in the outcomes’ transaction (n=3 ran twice)');
});

test('a batch whose outcomes cannot be written records nothing: every run of it runs again after the lease, with its key', async (t) => {
  let failWrites = 1;
  const b = batcher(async (runs, ctx) => ({
    outcomes: runs.map(() => undefined),
    write: async (em) => {
      await writeRows(ctx, runs)(em);
      if (failWrites-- > 0) throw new Error('the database went away mid-batch');
    },
  }));
  const app = await bootApp(t, [{ plugin: b.plugin }], { jobs: { autoStart: false, pollMs: 20, leaseMs: 300 } });
  const ctx = app.contextOf('batcher')!;
  await ctx.data.transaction(async (em) => {
    for (let n = 0; n < 4; n++) await ctx.jobs.enqueue(em, 'send', { n }, { idempotencyKey: `k-${n}` });
  });
  app.jobs.start();
  await waitFor(async () => (await app.jobStore.list({ status: 'done' })).length === 4, 'the batch to be done on its second run');
  await app.jobs.stop();
  t.is(b.batches.length, 2);
  t.deepEqual(b.batches[1]!.map((r) => r.idempotencyKey), b.batches[0]!.map((r) => r.idempotencyKey));
  t.deepEqual(b.batches[1]!.map((r) => r.attempt), [2, 2, 2, 2]);
  const rows = await rowsOf(ctx);
  t.deepEqual(rows.map((r) => r.attempt), [2, 2, 2, 2], 'the rolled-back rows of the first run are gone');
  const metrics = await app.metrics.registry.getSingleMetricAsString('dbsbm_jobs_total');
  t.regex(metrics, /name="send",outcome="unrecorded"[^\n]* 4/);
});

test('a batch handler that throws fails each run of the batch; a wrong number of outcomes too', async (t) => {
  let mode: 'throw' | 'short' | 'ok' = 'throw';
  const b = batcher(async (runs) => {
    if (mode === 'throw') throw new Error('receiver pool exploded');
    if (mode === 'short') return { outcomes: [] };
    return { outcomes: runs.map(() => undefined) };
  });
  const app = await bootApp(t, [{ plugin: b.plugin }]);
  const ctx = app.contextOf('batcher')!;
  await ctx.data.transaction(async (em) => {
    for (let n = 0; n < 3; n++) await ctx.jobs.enqueue(em, 'send', { n });
  });
  await app.jobs.tick();
  await waitFor(async () => (await app.jobStore.list({ status: 'pending' })).length === 3, 'the failures to be recorded');
  t.true((await app.jobStore.list()).every((j) => /receiver pool exploded/.test(j.lastError ?? '')));
  mode = 'short';
  await new Promise((r) => setTimeout(r, 10));
  await app.jobs.tick();
  await waitFor(async () => (await app.jobStore.list()).every((j) => /0 outcome\(s\) for 3 run\(s\)/.test(j.lastError ?? '')), 'the second failures');
  mode = 'ok';
  await new Promise((r) => setTimeout(r, 10));
  await app.jobs.drain();
  t.is((await app.jobStore.list({ status: 'done' })).length, 3);
});

test('a job definition needs a handler or a batch handler, not both', (t) => {
  const runner = new JobRunner({ store: undefined as never, logger: silentLogger, metrics: undefined as never, workerId: 'w', gate: async () => true });
  const register = (definition: object) => runner.register({ plugin: 'p', name: 'x', definition: definition as never, ctx: null });
  t.throws(() => register({ handler: () => undefined, batch: { handler: async () => ({ outcomes: [] }) } }), { message: /either a handler or a batch handler/ });
  t.throws(() => register({}), { message: /either a handler or a batch handler/ });
  t.notThrows(() => register({ batch: { handler: async () => ({ outcomes: [] }) } }));
});
