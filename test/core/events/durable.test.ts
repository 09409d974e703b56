import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp } from '../../helpers/app.ts';

declare module '../../../src/index.ts' {
  interface DbsbmEvents {
    'test.durable': { guildId: string; n: number };
  }
}

test('a durable event exists only if its transaction commits, and arrives after the commit with the id it was given', async (t) => {
  const got: { n: number; id: string }[] = [];
  const listener = definePlugin({ name: 'listener', version: '1.0.0', events: ['test.durable'] });
  const app = await bootApp(t, [{ plugin: listener }]);
  app.bus.subscribe('listener', 'test.durable', ({ n }, meta) => {
    got.push({ n, id: meta.id });
  });
  const ctx = app.contextOf('listener')!;
  await t.throwsAsync(
    ctx.em().transactional(async (em) => {
      await ctx.events.publishInTransaction(em, 'test.durable', { guildId: '600000001', n: 1 });
      throw new Error('the change failed');
    }),
  );
  let id = '';
  await ctx.em().transactional(async (em) => {
    id = await ctx.events.publishInTransaction(em, 'test.durable', { guildId: '600000001', n: 2 });
    t.deepEqual(got, [], 'nothing is delivered before the commit');
  });
  const ids = await ctx.em().transactional((em) => ctx.events.publishManyInTransaction(em, 'test.durable', [3, 4, 5].map((n) => ({ guildId: '600000001', n }))));
  await app.jobs.drain();
  t.deepEqual(got.map((g) => g.n).sort(), [2, 3, 4, 5]);
  t.is(got.find((g) => g.n === 2)!.id, id);
  t.deepEqual(got.filter((g) => g.n > 2).map((g) => g.id).sort(), [...ids].sort());
});

test('a subscriber that fails on a durable event makes the event retry instead of dropping it (bug: webhooks were lost)', async (t) => {
  const listener = definePlugin({ name: 'flaky', version: '1.0.0', events: ['test.durable'] });
  const app = await bootApp(t, [{ plugin: listener }], { jobs: { autoStart: false, pollMs: 10 } });
  const seen: string[] = [];
  let fail = true;
  app.bus.subscribe('flaky', 'test.durable', (_p, meta) => {
    seen.push(meta.id);
    if (fail) {
      fail = false;
      throw new Error('database busy');
    }
  });
  const ctx = app.contextOf('flaky')!;
  const id = await ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'test.durable', { guildId: '600000002', n: 1 }));
  app.jobs.start();
  const until = Date.now() + 20_000;
  while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await app.jobs.stop();
  t.deepEqual(seen, [id, id], 'delivered again, with the same id');
  const jobs = await app.jobStore.list({ plugin: 'core' });
  t.is(jobs[0]!.status, 'done');
  t.is(jobs[0]!.attempts, 2);
});

test('a subscriber failing on one event of a batch does not hold up the others: the rest are split off, the failing one retries alone', async (t) => {
  const listener = definePlugin({ name: 'picky', version: '1.0.0', events: ['test.durable'] });
  const app = await bootApp(t, [{ plugin: listener }], { jobs: { autoStart: false, pollMs: 10 } });
  const seen: number[] = [];
  let failures = 0;
  app.bus.subscribe('picky', 'test.durable', ({ n }) => {
    seen.push(n);
    // The first event of the batch fails three times: its split-off job must not be lost to the batch's own key.
    if (n === 1 && failures < 3) {
      failures += 1;
      throw new Error('not yet');
    }
  });
  const ctx = app.contextOf('picky')!;
  await ctx.em().transactional((em) => ctx.events.publishManyInTransaction(em, 'test.durable', [1, 2, 3].map((n) => ({ guildId: '600000003', n }))));
  t.is((await app.jobStore.list({ plugin: 'core' })).length, 1, 'three events, one job row');
  app.jobs.start();
  const until = Date.now() + 30_000;
  while (!(seen.filter((n) => n === 1).length === 4 && seen.includes(2) && seen.includes(3)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await app.jobs.stop();
  t.deepEqual([...new Set(seen)].sort(), [1, 2, 3], 'every event delivered');
  t.is(seen.filter((n) => n === 1).length, 4, 'the failing event retried until it went through');
  t.is(seen.filter((n) => n === 2).length, 1, 'the others were not held up by it, nor delivered again');
  const jobs = await app.jobStore.list({ plugin: 'core' });
  t.is(jobs.length, 4, 'the batch, then one job per event from the failing one on');
  t.true(jobs.every((j) => j.status === 'done'));
});
