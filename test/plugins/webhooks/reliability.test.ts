import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { Webhook } from 'standardwebhooks';
import betting from '../../../src/plugins/betting/index.ts';
import webhooks from '../../../src/plugins/webhooks/index.ts';
import { WebhookDeliverySchema } from '../../../src/plugins/webhooks/entities/delivery.ts';
import { WebhookIntegrationSchema } from '../../../src/plugins/webhooks/entities/integration.ts';
import type { WebhooksContext } from '../../../src/plugins/webhooks/services/context.ts';
import { addEndpoint } from '../../../src/plugins/webhooks/services/endpoints.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { startReceiver, waitUntil } from './receiver.ts';

let bot: TestBot;
let ctx: WebhooksContext;
test.before(async () => {
  bot = await createTestBot({
    tier: 'platinum',
    plugins: [betting, { plugin: webhooks, options: { secretKey: 'reliability-key-0123456789-0123456789', allowedHosts: ['127.0.0.1'], timeoutMs: 500, maxResponseBytes: 4096 } }],
  });
  ctx = bot.app.contextOf('webhooks') as unknown as WebhooksContext;
});
test.after.always(() => bot?.close());

const send = (name: string) => ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'webhook.custom', { guildId: bot.guildId, name, data: {} }));
const attempts = (integrationId: number) => bot.app.orm.em.fork().find(WebhookDeliverySchema, { integrationId }, { orderBy: { id: 'asc' } });

test.serial('a receiver that is down, then up: the backlog drains on the retry schedule and nothing is lost', async (t) => {
  // Reserve a port, close it (the receiver is "down"), and bring a receiver up on it 3 s later.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { integration, secret } = await addEndpoint(ctx, { guildId: bot.guildId, url: `http://127.0.0.1:${port}/hook`, events: 'custom', format: 'standard' });
  for (let i = 0; i < 5; i++) await send(`backlog-${i}`);
  await waitUntil(async () => (await attempts(integration.id)).length >= 5, 'the first failed attempts');
  const got: string[] = [];
  let server!: Server;
  await new Promise<void>((resolve) => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        got.push(String(req.headers['webhook-id']));
        res.writeHead(204).end();
      });
    }).listen(port, '127.0.0.1', resolve);
  });
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  await waitUntil(() => new Set(got).size === 5, 'all five once the receiver is up', 30_000);
  // The attempt is recorded once the response is read, just after the receiver saw the request.
  await waitUntil(async () => (await attempts(integration.id)).filter((d) => d.outcome === 'delivered').length === 5, 'the delivered attempts to be recorded');
  const tries = await attempts(integration.id);
  t.true(tries.some((d) => d.outcome === 'retrying' && d.error !== null), 'failed attempts are recorded');
  t.is(tries.filter((d) => d.outcome === 'delivered').length, 5);
});

test.serial('timeouts retry; a huge response is cut at the cap and still counts; a redirect to loopback is never followed', async (t) => {
  let redirectedTo = 0;
  const target = await startReceiver(() => {
    redirectedTo++;
    return { status: 200 };
  });
  t.teardown(target.close);
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    const path = req.url ?? '';
    if (path.startsWith('/slow') && calls === 1) return; // never answers: the 500 ms timeout fires
    if (path.startsWith('/huge')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(65_536);
      let sent = 0;
      const pump = (): void => {
        while (sent < 160 && res.write(chunk)) sent++;
        if (sent < 160) res.once('drain', pump);
        else res.end();
      };
      pump();
      return;
    }
    if (path.startsWith('/redirect')) return void res.writeHead(302, { location: target.url }).end();
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await bot.app.orm.em.fork().nativeDelete(WebhookIntegrationSchema, {});
  const slow = (await addEndpoint(ctx, { guildId: bot.guildId, url: `${base}/slow`, events: 'custom', format: 'standard' })).integration;
  const huge = (await addEndpoint(ctx, { guildId: bot.guildId, url: `${base}/huge`, events: 'custom', format: 'standard' })).integration;
  const redirect = (await addEndpoint(ctx, { guildId: bot.guildId, url: `${base}/redirect`, events: 'custom', format: 'standard' })).integration;
  await send('edge-cases');
  await waitUntil(async () => (await attempts(slow.id)).some((d) => d.outcome === 'delivered'), 'the slow endpoint to succeed on a retry');
  t.regex((await attempts(slow.id))[0]!.error ?? '', /did not answer within 500 ms/);
  await waitUntil(async () => (await attempts(huge.id)).length >= 1, 'the huge response');
  const hugeTry = (await attempts(huge.id))[0]!;
  t.is(hugeTry.outcome, 'delivered');
  t.true((hugeTry.responseExcerpt ?? '').length <= 1024, 'only an excerpt is kept');
  await waitUntil(async () => (await attempts(redirect.id)).length >= 2, 'redirect attempts');
  t.is((await attempts(redirect.id))[0]!.statusCode, 302);
  t.is(redirectedTo, 0, 'the redirect target on loopback was never called');
});
