import type { ExecutionContext } from 'ava';
import test from 'ava';
import { Webhook } from 'standardwebhooks';
import type { App } from '../../../src/core/app.ts';
import betting from '../../../src/plugins/betting/index.ts';
import webhooks from '../../../src/plugins/webhooks/index.ts';
import { WebhookIntegrationSchema } from '../../../src/plugins/webhooks/entities/integration.ts';
import type { WebhooksContext } from '../../../src/plugins/webhooks/services/context.ts';
import { addEndpoint, removeEndpoint, rotateSecret } from '../../../src/plugins/webhooks/services/endpoints.ts';
import { runtimeOf } from '../../../src/plugins/webhooks/services/runtime.ts';
import { bootApp } from '../../helpers/app.ts';
import { needs, testRedisUrl } from '../../helpers/services.ts';
import { startReceiver, waitUntil } from './receiver.ts';

const GUILD = '900000000000000001';
const KEY = 'batch-test-key-0123456789-0123456789';
// Probed before any test is declared (see needs): without Redis the cross-instance test is one skipped line, and CI fails it.
const redis = await needs(['redis']);

async function boot(t: ExecutionContext, databaseUrl?: string, env?: Record<string, string>): Promise<{ app: App; ctx: WebhooksContext }> {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: webhooks, options: { secretKey: KEY, allowedHosts: ['127.0.0.1'], timeoutMs: 5_000 } }], {
    jobs: { pollMs: 10 },
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(env ? { env } : {}),
  });
  await app.settings.setTier(GUILD, 'platinum');
  return { app, ctx: app.contextOf('webhooks') as unknown as WebhooksContext };
}

const publish = (ctx: WebhooksContext, n: number, from = 0) =>
  ctx.data.transaction((em) =>
    ctx.events.publishManyInTransaction(em, 'webhook.custom', Array.from({ length: n }, (_, i) => ({ guildId: GUILD, name: 'batch', data: { n: from + i } }))),
  );

interface AttemptRow {
  integration_id: number;
  message_id: string;
  attempt: number;
  outcome: string;
}
const attempts = (ctx: WebhooksContext, integrationId: number) =>
  ctx.data.all<AttemptRow>('select integration_id, message_id, attempt, outcome from webhook_deliveries where integration_id = ? order by id', [integrationId]);
const deliverJobs = async (app: App) => (await app.jobStore.list({ plugin: 'webhooks', limit: 10_000 })).filter((j) => j.name === 'deliver');

test('a burst is delivered in batches: every event exactly once, signed, with one attempt row each', async (t) => {
  const { app, ctx } = await boot(t);
  let secret = '';
  const unverified: string[] = [];
  const receiver = await startReceiver((r) => {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    } catch {
      unverified.push(r.id);
    }
    return { status: 204 };
  });
  t.teardown(receiver.close);
  const added = await addEndpoint(ctx, { guildId: GUILD, url: receiver.url, events: 'custom', format: 'standard' });
  secret = added.secret;
  const ids = (await publish(ctx, 300)).map((id) => `msg_${id}`);
  await waitUntil(async () => (await deliverJobs(app)).filter((j) => j.status === 'done').length === 300, 'every delivery job to be done', 60_000);
  t.is(receiver.received.length, 300, 'no event sent twice');
  t.deepEqual(receiver.received.map((r) => r.id).sort(), ids.sort(), 'each event once');
  t.deepEqual(unverified, []);
  const rows = await attempts(ctx, added.integration.id);
  t.is(rows.length, 300);
  t.true(rows.every((r) => r.outcome === 'delivered' && r.attempt === 1));
  t.is(new Set(rows.map((r) => r.message_id)).size, 300);
});

test('a failing endpoint among healthy ones: only its jobs retry, the healthy endpoint gets each event once', async (t) => {
  const { app, ctx } = await boot(t);
  const healthy = await startReceiver(() => ({ status: 200 }));
  const failing = await startReceiver(() => ({ status: 500 }));
  t.teardown(healthy.close);
  t.teardown(failing.close);
  const good = (await addEndpoint(ctx, { guildId: GUILD, url: healthy.url, events: 'custom', format: 'standard' })).integration;
  const bad = (await addEndpoint(ctx, { guildId: GUILD, url: failing.url, events: 'custom', format: 'standard' })).integration;
  await publish(ctx, 40);
  // The schedule retries at once, then after 5 s: wait for the two first tries of each event to the failing endpoint
  // (at least: on a loaded machine the poll may first see the count once third tries have begun, past 80).
  await waitUntil(async () => (await attempts(ctx, bad.id)).length >= 80, 'two tries of each event to the failing endpoint', 30_000);
  await waitUntil(async () => (await attempts(ctx, good.id)).length === 40, 'the healthy endpoint’s rows');
  t.is(healthy.received.length, 40, 'the healthy endpoint got each event once, whatever failed beside it');
  t.is(new Set(healthy.received.map((r) => r.id)).size, 40);
  const jobs = await deliverJobs(app);
  const ofEndpoint = (id: number) => jobs.filter((j) => (j.payload as { integrationId: number }).integrationId === id);
  t.true(ofEndpoint(good.id).every((j) => j.status === 'done' && j.attempts === 1));
  // Two tries each at least; on a loaded machine the third (5 s after the second) may already have begun.
  t.true(ofEndpoint(bad.id).every((j) => j.status !== 'done' && j.status !== 'dead' && j.attempts >= 2));
  t.true((await attempts(ctx, bad.id)).every((r) => r.outcome === 'retrying'));
  const rows = await ctx.data.all<{ id: number; consecutive_failures: number; failing_since: number | null }>(
    'select id, consecutive_failures, failing_since from webhook_integrations order by id',
  );
  t.like(rows.find((r) => Number(r.id) === good.id), { consecutive_failures: 0, failing_since: null });
  t.true(Number(rows.find((r) => Number(r.id) === bad.id)!.consecutive_failures) >= 80);
  t.not(rows.find((r) => Number(r.id) === bad.id)!.failing_since, null);
});

/** Counts every row update of `webhook_integrations` (a trigger), to show which deliveries write to it. */
async function countEndpointWrites(app: App): Promise<() => Promise<number>> {
  const conn = app.orm.em.getConnection();
  await conn.execute('create table wi_writes (n integer not null)');
  await conn.execute(
    app.dialect === 'sqlite'
      ? 'create trigger wi_writes_trigger after update on webhook_integrations begin insert into wi_writes (n) values (1); end'
      : 'create trigger wi_writes_trigger after update on webhook_integrations for each row insert into wi_writes (n) values (1)',
  );
  return async () => Number(((await conn.execute('select count(*) as c from wi_writes')) as { c: number }[])[0]!.c);
}

test('a healthy endpoint’s deliveries never write its row; its health is written only when it changes', async (t) => {
  const { ctx, app } = await boot(t);
  let failFirstOf: string | undefined;
  const seen = new Set<string>();
  const receiver = await startReceiver((r) => {
    const first = !seen.has(r.id);
    seen.add(r.id);
    return { status: first && r.id === failFirstOf ? 500 : 200 };
  });
  t.teardown(receiver.close);
  const { integration } = await addEndpoint(ctx, { guildId: GUILD, url: receiver.url, events: 'custom', format: 'standard' });
  const writes = await countEndpointWrites(app);

  await publish(ctx, 50);
  await waitUntil(async () => (await attempts(ctx, integration.id)).length === 50, 'fifty delivered attempts');
  t.is(await writes(), 0, 'fifty healthy deliveries, no write to webhook_integrations');

  // One failure starts a streak (one write), the immediate retry succeeds and ends it (one more), then nothing again.
  const [id] = await ctx.data.transaction((em) => ctx.events.publishManyInTransaction(em, 'webhook.custom', [{ guildId: GUILD, name: 'flaky', data: {} }]));
  failFirstOf = `msg_${id}`;
  await waitUntil(async () => (await attempts(ctx, integration.id)).some((r) => r.message_id === failFirstOf && r.outcome === 'delivered'), 'the retry to succeed');
  t.is(await writes(), 2);
  await publish(ctx, 20, 100);
  await waitUntil(async () => (await attempts(ctx, integration.id)).length === 72, 'twenty more delivered attempts');
  t.is(await writes(), 2);
  t.like(await ctx.data.get('select consecutive_failures, failing_since from webhook_integrations where id = ?', [integration.id]), { failing_since: null });

  // The ORM does not write a row it loaded and did not change (it used to rewrite created_at and updated_at).
  const em = ctx.em();
  await em.findOneOrFail(WebhookIntegrationSchema, { id: integration.id });
  await em.flush();
  t.is(await writes(), 2, 'loading and flushing writes nothing');
  await rotateSecret(ctx, GUILD, integration.id);
  t.is(await writes(), 3, 'a rotation is one write');
});

test('the endpoint cache: read once, forgotten when an endpoint is added, removed or disabled', async (t) => {
  const { ctx } = await boot(t);
  const cache = runtimeOf(ctx).endpoints;
  const a = await startReceiver();
  const b = await startReceiver();
  const gone = await startReceiver(() => ({ status: 410 }));
  t.teardown(a.close);
  t.teardown(b.close);
  t.teardown(gone.close);
  const first = (await addEndpoint(ctx, { guildId: GUILD, url: a.url, events: 'custom', format: 'standard' })).integration;
  await publish(ctx, 1);
  await waitUntil(() => a.received.length === 1, 'the first delivery');
  const afterFirst = cache.stats();
  for (let i = 0; i < 5; i++) await publish(ctx, 1, 10 + i);
  await waitUntil(() => a.received.length === 6, 'five more');
  t.is(cache.stats().misses, afterFirst.misses, 'the endpoints were read once for six events');
  t.true(cache.stats().hits >= afterFirst.hits + 5);

  await removeEndpoint(ctx, GUILD, first.id);
  const second = (await addEndpoint(ctx, { guildId: GUILD, url: b.url, events: 'custom', format: 'standard' })).integration;
  await publish(ctx, 1, 20);
  await waitUntil(() => b.received.length === 1, 'the new endpoint’s first delivery');
  t.is(a.received.length, 6, 'nothing more to the removed endpoint');
  t.deepEqual((await cache.get(GUILD)).map((e) => e.id), [second.id]);

  const disabled = (await addEndpoint(ctx, { guildId: GUILD, url: gone.url, events: 'custom', format: 'standard' })).integration;
  t.deepEqual((await cache.get(GUILD)).map((e) => e.id), [second.id, disabled.id], 'an added endpoint is seen at once');
  await publish(ctx, 1, 30);
  await waitUntil(async () => (await cache.get(GUILD)).length === 1, 'the 410 endpoint to leave the cache');
  t.deepEqual((await cache.get(GUILD)).map((e) => e.id), [second.id]);
});

redis.tests(test, (test) => {
  test('another instance forgets its cached endpoints when one is added here (over Redis)', async (t) => {
    const env = { REDIS_URL: testRedisUrl() };
    const here = await boot(t, undefined, env);
    const there = await boot(t, here.app.config.DATABASE_URL, env);
    const receiver = await startReceiver();
    t.teardown(receiver.close);
    const cache = runtimeOf(there.ctx).endpoints;
    t.deepEqual(await cache.get(GUILD), []);
    const { integration } = await addEndpoint(here.ctx, { guildId: GUILD, url: receiver.url, events: 'custom', format: 'standard' });
    await waitUntil(async () => (await cache.get(GUILD)).length === 1, 'the other instance to see the new endpoint', 5_000);
    t.is((await cache.get(GUILD))[0]!.id, integration.id);
  });
});
