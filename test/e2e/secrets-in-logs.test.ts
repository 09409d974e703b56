import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import { DEMO } from '../../src/core/local/demo-world.ts';
import { startLocalMode, type LocalMode } from '../../src/core/local/local-mode.ts';
import analytics from '../../src/plugins/analytics/index.ts';
import { createDashboardToken } from '../../src/plugins/analytics/services/dashboard-link.ts';
import betting from '../../src/plugins/betting/index.ts';
import ml from '../../src/plugins/ml/index.ts';
import webhooks from '../../src/plugins/webhooks/index.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testkit/database.ts';
import { captureLogs, findSecrets, type LogCapture } from '../helpers/secret-scan.ts';

// Issue 13, finding 5: signed dashboard links were written to the request log (URL and query) and echoed in problem
// documents' `instance`. This boots the whole product in local mode with the logger at trace, goes through every
// path that mints or carries a secret, and scans everything logged for every secret it saw.

const LINK_SECRET = 'secrets-test-link-signing-key-0123456789-abcdef';
const WEBHOOK_KEY = 'secrets-test-webhook-key-0123456789-0123456789';

let local: LocalMode;
let db: TestDatabase;
let capture: LogCapture;
let receiver: Server;
const received: { url: string; headers: IncomingHttpHeaders }[] = [];

test.before(async () => {
  db = await createTestDatabase();
  const logs = captureLogs('trace');
  capture = logs.capture;
  receiver = createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'trace' });
  local = await startLocalMode({
    config,
    plugins: [
      { plugin: betting, options: { feed: { kind: 'none' } } },
      { plugin: webhooks, options: { secretKey: WEBHOOK_KEY, allowedHosts: ['127.0.0.1'] } },
      { plugin: analytics, options: { linkSecret: LINK_SECRET } },
      { plugin: ml },
    ],
    logger: logs.logger,
    quiet: true,
  });
});
test.after.always(async () => {
  await local?.app.stop();
  await local?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await db?.drop();
});

const base = (): string => `http://127.0.0.1:${local.app.port}`;

async function run(command: string, options: Record<string, unknown> = {}): Promise<{ embeds: { description?: string; fields?: { name: string; value: string }[] }[] }> {
  const res = await fetch(`${base()}/emulator/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ command, options, user_id: DEMO.users.owner.id }),
  });
  return (await res.json()) as never;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const controller = new AbortController();
  const res = await fetch(`${base()}${path}`, { headers, signal: controller.signal });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) controller.abort();
  else await res.arrayBuffer();
  return res;
}

test.serial('no secret the product minted or carried appears anywhere in its trace-level logs', async (t) => {
  const secrets: Record<string, string> = { emulatorToken: local.emulator.token, linkSecret: LINK_SECRET, webhookKey: WEBHOOK_KEY };

  // A signed dashboard link, opened the way a browser does: the page, then its data, chart and stream, each sent
  // with the page's address as Referer.
  const reply = await run('analytics dashboard');
  const link = /\((http[^)]+)\)/.exec(reply.embeds[0]!.description!)![1]!;
  const token = new URL(link).searchParams.get('t')!;
  secrets.dashboardToken = token;
  const page = `${base()}/dashboard?t=${encodeURIComponent(token)}`;
  t.is((await get(`/dashboard?t=${encodeURIComponent(token)}`)).status, 200);
  for (const path of ['/dashboard/data', '/dashboard/chart.svg', '/dashboard/events']) {
    const res = await get(`${path}?t=${encodeURIComponent(token)}&period=all`, { referer: page });
    t.is(res.status, 200, path);
  }

  // Bad and expired links: problem documents, whose `instance` must not carry the token either.
  const tampered = `${token.slice(0, -4)}AAAA`;
  const expired = createDashboardToken(LINK_SECRET, { guildId: DEMO.guildId, userId: DEMO.users.owner.id, expiresAt: Date.now() - 1000 });
  Object.assign(secrets, { tamperedToken: tampered, expiredToken: expired });
  for (const [bad, status] of [[tampered, 401], [expired, 401]] as const) {
    const res = await fetch(`${base()}/dashboard/data?t=${encodeURIComponent(bad)}&token=${encodeURIComponent(bad)}`);
    t.is(res.status, status);
    const problem = (await res.json()) as { instance: string };
    t.is(problem.instance, '/dashboard/data');
    t.deepEqual(findSecrets(JSON.stringify(problem), { bad }), []);
  }
  // An unknown path with a secret in its query: the 404 problem is path-only too.
  const missing = await fetch(`${base()}/nowhere?access_token=${encodeURIComponent(expired)}`);
  t.is(((await missing.json()) as { instance: string }).instance, '/nowhere');

  // A webhook endpoint whose URL carries a token in its query, its signing secret, and a signed delivery to it.
  const urlToken = 'receiver-query-token-5f1d2c9a7b';
  secrets.webhookUrlToken = urlToken;
  const port = (receiver.address() as AddressInfo).port;
  const added = await run('webhook add', { url: `http://127.0.0.1:${port}/hook?token=${urlToken}`, events: 'all' });
  const secretField = added.embeds[0]!.fields!.find((f) => /secret/i.test(f.name))!;
  secrets.webhookSecret = secretField.value.replace(/`/g, '');
  await run('webhook test', { id: 1 });
  const deadline = Date.now() + 30_000;
  while (!received.some((r) => r.url.startsWith('/hook')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const delivery = received.find((r) => r.url.startsWith('/hook'));
  t.truthy(delivery, 'the test event was delivered');
  const signature = String(delivery?.headers['webhook-signature'] ?? '');
  for (const [i, sig] of signature.split(' ').entries()) if (sig.length >= 8) secrets[`webhookSignature${i}`] = sig.replace(/^v1,/, '');
  const rotated = await run('webhook rotate-secret', { id: 1 });
  secrets.rotatedWebhookSecret = rotated.embeds[0]!.fields!.find((f) => /secret/i.test(f.name))!.value.replace(/`/g, '');

  const text = capture.text();
  t.true(text.length > 10_000, 'the scan saw the trace-level logs');
  t.true(text.includes('/dashboard/data?t=[redacted]'), 'requests are still logged, with the token masked');
  const leaks = findSecrets(text, secrets);
  t.deepEqual(leaks, [], leaks.map((l) => `${l.name}: …${l.context}…`).join('\n'));
});

test.serial('a password in DATABASE_URL or REDIS_URL never reaches a log line or the start error', async (t) => {
  // A database that takes the connection and closes it at once: the start fails as on a real outage.
  const dead = createServer();
  dead.on('connection', (socket) => socket.destroy());
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const port = (dead.address() as AddressInfo).port;
  const password = 'db-password-7c3e91f0aa';
  const { logger, capture: startLogs } = captureLogs('trace');
  const config = loadConfig({ DATABASE_URL: `mysql://dbsbm:${password}@127.0.0.1:${port}/dbsbm`, HTTP_PORT: '0', LOG_LEVEL: 'trace' });
  const err = await t.throwsAsync(App.create({ config, plugins: [], logger, bot: false }));
  dead.close();
  const told = `${String(err)}\n${err?.stack ?? ''}\n${JSON.stringify(err)}`;
  t.deepEqual(findSecrets(`${startLogs.text()}\n${told}`, { password }), []);

  // Redis that closes every connection: the app starts degraded and logs why, without the URL's password.
  const deadRedis = createServer();
  deadRedis.on('connection', (socket) => socket.destroy());
  await new Promise<void>((resolve) => deadRedis.listen(0, '127.0.0.1', resolve));
  const redisPassword = 'redis-password-19be4d7c22';
  const sqlite = await createTestDatabase();
  const redisLogs = captureLogs('trace');
  const app = await App.create({
    config: loadConfig({ DATABASE_URL: sqlite.url, REDIS_URL: `redis://default:${redisPassword}@127.0.0.1:${(deadRedis.address() as AddressInfo).port}`, HTTP_PORT: '0', LOG_LEVEL: 'trace' }),
    plugins: [],
    logger: redisLogs.logger,
    bot: false,
    jobs: { autoStart: false },
  });
  try {
    await app.start();
    await fetch(`http://127.0.0.1:${app.port}/readyz`);
  } finally {
    await app.stop();
    deadRedis.close();
    await sqlite.drop();
  }
  t.true(redisLogs.capture.text().length > 0);
  t.deepEqual(findSecrets(redisLogs.capture.text(), { redisPassword }), []);
});
