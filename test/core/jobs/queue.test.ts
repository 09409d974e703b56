import test from 'ava';
import type { EntityManager } from '@mikro-orm/knex';
import { bootApp } from '../../helpers/app.ts';

const NOW = Date.UTC(2026, 11, 7, 12, 0);

test('the queue by plugin: due pending jobs, running jobs, and when the oldest due job became due', async (t) => {
  const app = await bootApp(t, [], { start: false });
  const em = app.orm.em.fork() as EntityManager;
  const job = (plugin: string, runAt: number, key: string) => ({ plugin, name: 'x', guildId: null, payload: {}, idempotencyKey: key, runAt, maxAttempts: 3 });
  await app.jobStore.insert(em, job('webhooks', NOW - 90_000, 'a'), NOW);
  await app.jobStore.insert(em, job('webhooks', NOW - 5_000, 'b'), NOW);
  await app.jobStore.insert(em, job('webhooks', NOW + 60_000, 'c'), NOW); // not due yet
  await app.jobStore.insert(em, job('analytics', NOW - 1_000, 'd'), NOW);
  await app.jobStore.insert(em, job('analytics', NOW - 2_000, 'e'), NOW);
  const [claimed] = await app.jobStore.claim('worker-1', 1, 30_000, NOW);
  t.is(claimed!.idempotencyKey, 'a', 'the oldest due job is claimed: it runs, it no longer waits');

  t.deepEqual(await app.jobStore.queue(NOW), [
    { plugin: 'analytics', due: 2, running: 0, oldestDueAt: NOW - 2_000 },
    { plugin: 'webhooks', due: 1, running: 1, oldestDueAt: NOW - 5_000 },
  ]);
  t.deepEqual(await app.jobStore.queue(NOW - 100_000), [{ plugin: 'webhooks', due: 0, running: 1, oldestDueAt: null }]);
});
