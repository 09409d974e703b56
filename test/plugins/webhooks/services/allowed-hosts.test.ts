import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentJobError } from '../../../../src/core/jobs/types.ts';
import { isRefusal } from '../../../../src/core/refusals/refusal.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import webhooks from '../../../../src/plugins/webhooks/index.ts';
import { WebhookIntegrationSchema } from '../../../../src/plugins/webhooks/entities/integration.ts';
import { allowedHostsFor, isAllowedHostEntry } from '../../../../src/plugins/webhooks/services/allowed-hosts.ts';
import type { WebhooksContext } from '../../../../src/plugins/webhooks/services/context.ts';
import { deliverBatch } from '../../../../src/plugins/webhooks/services/deliver.ts';
import { addEndpoint } from '../../../../src/plugins/webhooks/services/endpoints.ts';
import { normalizeHost, safePost, SafeHttpError } from '../../../../src/plugins/webhooks/services/safe-http.ts';
import { bootApp } from '../../../helpers/app.ts';
import { startReceiver } from '../receiver.ts';

const OPENED = '400000000000000001';
const OTHER = '400000000000000002';
const init = { body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 5_000 };

test("an entry scoped to one server opens the host for that server only; unscoped entries hold for all", (t) => {
  const entries = [`${OPENED}=127.0.0.1`, ` ${OPENED}=hooks.internal `, 'shared.internal', `${OTHER}=10.0.0.9`];
  t.deepEqual(allowedHostsFor(entries, OPENED), ['127.0.0.1', 'hooks.internal', 'shared.internal']);
  t.deepEqual(allowedHostsFor(entries, OTHER), ['shared.internal', '10.0.0.9']);
  t.deepEqual(allowedHostsFor(entries, '400000000000000003'), ['shared.internal']);
  for (const ok of ['127.0.0.1', '[::1]', 'localhost', `${OPENED}=::1`]) t.true(isAllowedHostEntry(ok), ok);
  for (const bad of ['http://host/', 'a b', `${OPENED}=`, 'x=host', 'user@host']) t.false(isAllowedHostEntry(bad), bad);
});

test("one server's allow-list never opens a host for another: not when an endpoint is added, not when it delivers", async (t) => {
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  const app = await bootApp(t, [{ plugin: betting }, { plugin: webhooks, options: { secretKey: 'allow-key-0123456789-0123456789-0123', allowedHosts: [`${OPENED}=127.0.0.1`] } }]);
  const ctx = app.contextOf('webhooks') as unknown as WebhooksContext;

  // Adding: the opened server may use its loopback receiver (over http too); the other is refused, nothing stored.
  const opened = await addEndpoint(ctx, { guildId: OPENED, url: receiver.url, events: 'custom', format: 'standard' });
  for (const url of [receiver.url, receiver.url.replace('http:', 'https:')]) {
    const err = await t.throwsAsync(addEndpoint(ctx, { guildId: OTHER, url, events: 'custom', format: 'standard' }));
    t.true(isRefusal(err) && err.code === 'BAD_URL', url);
  }
  t.is(await ctx.em().count(WebhookIntegrationSchema, { guildId: OTHER }), 0);

  // Delivering: an endpoint of the other server pointing at the same host (stored before the list was scoped) is
  // refused at the connection and disabled; the opened server's endpoint receives.
  const em = ctx.em();
  const foreign = em.create(WebhookIntegrationSchema, { ...opened.integration, id: undefined, guildId: OTHER } as never);
  await em.flush();
  const run = (integrationId: number, guildId: string) =>
    deliverBatch(ctx, [
      {
        id: 1,
        plugin: 'webhooks',
        name: 'deliver',
        guildId,
        attempt: 1,
        idempotencyKey: `k${integrationId}`,
        payload: { integrationId, messageId: `msg_${integrationId}`, envelope: { type: 'custom', timestamp: new Date().toISOString(), data: {} } },
      },
    ]);
  const refused = await run(foreign.id, OTHER);
  t.true(refused.outcomes[0] instanceof PermanentJobError, 'refused for good, not retried');
  t.is(receiver.received.length, 0, 'nothing reached the host for the other server');
  const after = await ctx.em().findOneOrFail(WebhookIntegrationSchema, { id: foreign.id });
  t.false(after.isActive);
  await run(opened.integration.id, OPENED);
  t.is(receiver.received.length, 1);
});

/** A receiver on an address of this machine's loopback, IPv4 or IPv6. */
async function serveOn(t: import('ava').ExecutionContext, host: string): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

test('an entry matches the host name or the address connected to, however the address is written', async (t) => {
  const v4 = await serveOn(t, '127.0.0.1');
  const v6 = await serveOn(t, '::1');
  // The same address in other spellings than the URL's opens it…
  t.is((await safePost(`http://[::1]:${v6.port}/`, { ...init, allowedHosts: ['0:0:0:0:0:0:0:1'] })).status, 200);
  t.is((await safePost(`http://127.0.0.1:${v4.port}/`, { ...init, allowedHosts: ['::ffff:127.0.0.1'] })).status, 200);
  t.is((await safePost(`http://127.0.0.1:${v4.port}/`, { ...init, allowedHosts: ['127.1'] })).status, 200);
  // …and a listed name opens that name, wherever it resolves (a name resolving to a listed address: safe-http.test.ts).
  t.is((await safePost(`http://localhost:${v4.port}/`, { ...init, allowedHosts: ['LOCALHOST.'] })).status, 200);
  // Neither a different address nor a different name is opened.
  const other = await safePost(`http://127.0.0.2:${v4.port}/`, { ...init, allowedHosts: ['127.0.0.1', 'localhost'] }).catch((e: unknown) => e);
  t.true(other instanceof SafeHttpError && other.code === 'BAD_URL');
  t.is(v4.hits() + v6.hits(), 4);
  t.is(normalizeHost('[0:0:0:0:0:0:0:1]'), '::1');
  t.is(normalizeHost('::FFFF:7F00:1'), '127.0.0.1');
  t.is(normalizeHost('0x7f.1'), '127.0.0.1');
  t.is(normalizeHost('Hooks.Internal.'), 'hooks.internal');
  t.is(normalizeHost('cafe'), 'cafe', 'a name made of hex letters stays a name');
});
