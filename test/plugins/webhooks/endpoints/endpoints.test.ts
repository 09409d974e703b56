import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../../src/plugins/betting/services/placement.ts';
import webhooks from '../../../../src/plugins/webhooks/index.ts';
import { WebhookIntegrationSchema } from '../../../../src/plugins/webhooks/entities/integration.ts';
import type { WebhooksContext } from '../../../../src/plugins/webhooks/services/context.ts';
import { addEndpoint } from '../../../../src/plugins/webhooks/services/endpoints.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { seedGames } from '../../betting/seed.ts';
import { startReceiver, waitUntil } from '../receiver.ts';

interface EndpointJson {
  id: number;
  url: string;
  events: string[];
  format: string;
  active: boolean;
  health: { status: string; consecutiveFailures: number; failingSince: string | null; disabledReason: string | null };
  createdAt: string;
  secret?: string;
}
interface DeliveryJson {
  id: number;
  endpointId: number;
  messageId: string;
  eventType: string;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
}
interface PageJson<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

const OTHER_GUILD = '900000000000000066';
let bot: TestBot;
let ctx: WebhooksContext;
let betCtx: BettingContext;
let gameId: number;
let writeKey: string;
let readKey: string;
let otherKey: string;

test.before(async () => {
  bot = await createTestBot({
    tier: 'platinum',
    plugins: [betting, { plugin: webhooks, options: { secretKey: 'test-key-0123456789-0123456789-0123456789', allowedHosts: ['127.0.0.1'], defaultLimit: 3 } }, api],
  });
  ctx = bot.app.contextOf('webhooks') as unknown as WebhooksContext;
  betCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  gameId = (await seedGames(betCtx, [{ key: 'wh-api', home: 'Hook FC', away: 'Signed United' }])).ids['wh-api']!;
  await bot.app.settings.setTier(OTHER_GUILD, 'platinum');
  writeKey = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.alice });
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read' });
  otherKey = await issueKey(bot.app, OTHER_GUILD, { scope: 'write' });
});
test.after.always(() => bot?.close());

const call = async <T>(method: string, path: string, body?: unknown, key = writeKey) => {
  const res = await apiCall(bot.app, key, method, `/api/v1/webhooks${path}`, body);
  return { status: res.status, body: res.body as T & { code?: string; detail?: string }, text: JSON.stringify(res.body) };
};
const removeAll = async () => {
  await bot.app.orm.em.fork().nativeDelete(WebhookIntegrationSchema, {});
};
let seq = 0;
const placeBet = () =>
  placeStraight(betCtx, { guildId: bot.guildId, userId: bot.users.carol, interactionId: `9${Date.now()}${++seq}`.slice(0, 19), gameId, market: 'h2h', selection: 'home', units: 1 });

test.serial('POST /endpoints adds an endpoint and shows its secret once; list and get never show it again', async (t) => {
  await removeAll();
  const created = await call<EndpointJson>('POST', '/endpoints', { url: 'https://example.com/hooks/dbsbm', events: ['bet.placed', 'bet.settled'] });
  t.is(created.status, 201, created.text);
  const secret = created.body.secret!;
  t.regex(secret, /^whsec_/);
  t.like(created.body, { url: 'https://example.com/hooks/dbsbm', events: ['bet.placed', 'bet.settled'], format: 'standard', active: true, health: { status: 'healthy', consecutiveFailures: 0, failingSince: null, disabledReason: null } });
  t.false(Number.isNaN(Date.parse(created.body.createdAt)));
  const id = created.body.id;
  const sealed = (await bot.app.orm.em.fork().findOneOrFail(WebhookIntegrationSchema, { id })).secretSealed;

  const list = await call<PageJson<EndpointJson>>('GET', '/endpoints', undefined, readKey);
  t.is(list.status, 200);
  t.deepEqual(list.body.data.map((e) => e.id), [id]);
  const one = await call<EndpointJson>('GET', `/endpoints/${id}`, undefined, readKey);
  t.is(one.status, 200);
  t.deepEqual(one.body, list.body.data[0]);
  t.deepEqual(Object.keys(one.body).sort(), ['active', 'createdAt', 'events', 'format', 'health', 'id', 'url']);
  for (const res of [list, one]) {
    t.false(res.text.includes(secret), 'the secret is never shown again');
    t.false(res.text.includes('whsec_'));
    t.false(res.text.includes(sealed), 'nor its sealed form');
    t.false(/secret/i.test(res.text));
  }
  // The command shows the same endpoint, without the secret too.
  const command = await bot.as('alice').run('/webhook list');
  t.regex(command.embeds[0]!.description!, new RegExp(`#${id}`));
});

test.serial('POST /endpoints has the checks of /webhook add: SSRF, https, events, format and the server’s limit', async (t) => {
  await removeAll();
  const count = () => bot.app.orm.em.fork().count(WebhookIntegrationSchema, { guildId: bot.guildId });
  for (const url of ['https://10.0.0.8/hook', 'https://localhost/hook', 'https://user:pw@example.com/x', 'ftp://example.com/x', 'http://example.com/hook', 'not a url']) {
    const res = await call('POST', '/endpoints', { url, events: ['bet.placed'] });
    t.is(res.status, 400, url);
    t.is(res.body.code, 'BAD_URL', url);
  }
  for (const body of [
    { url: 'https://example.com/h', events: ['bet.exploded'] },
    { url: 'https://example.com/h', events: [] },
    { url: 'https://example.com/h', events: ['bet.placed'], format: 'xml' },
    { url: 'https://example.com/h', events: ['bet.placed'], secret: 'whsec_mine' },
    { events: ['bet.placed'] },
  ]) {
    const res = await call('POST', '/endpoints', body);
    t.is(res.status, 400, JSON.stringify(body));
    t.is(res.body.code, 'INVALID_INPUT', JSON.stringify(body));
  }
  t.is(await count(), 0, 'nothing refused was stored');
  for (let i = 0; i < 3; i++) t.is((await call('POST', '/endpoints', { url: `https://example.com/h${i}`, events: ['custom'], format: 'zapier' })).status, 201);
  const over = await call('POST', '/endpoints', { url: 'https://example.com/h9', events: ['bet.placed'] });
  t.is(over.status, 429);
  t.is(over.body.code, 'LIMIT_REACHED');
  t.regex(over.body.detail!, /its limit \(3\)/);
  t.is(await count(), 3);
});

test.serial('a read-only key cannot add or remove endpoints', async (t) => {
  await removeAll();
  const { integration } = await addEndpoint(ctx, { guildId: bot.guildId, url: 'https://example.com/ro', events: 'bet.placed', format: 'standard' });
  const add = await call('POST', '/endpoints', { url: 'https://example.com/x', events: ['bet.placed'] }, readKey);
  t.is(add.status, 403);
  t.is(add.body.code, 'API_KEY_READ_ONLY');
  const del = await call('DELETE', `/endpoints/${integration.id}`, undefined, readKey);
  t.is(del.status, 403);
  t.is(await bot.app.orm.em.fork().count(WebhookIntegrationSchema, { guildId: bot.guildId }), 1);
});

test.serial("another server's endpoints are 404 everywhere, and its list has only its own", async (t) => {
  await removeAll();
  const mine = await call<EndpointJson>('POST', '/endpoints', { url: 'https://example.com/mine', events: ['bet.placed'] });
  const { integration: theirs } = await addEndpoint(ctx, { guildId: OTHER_GUILD, url: 'https://example.org/theirs', events: 'all', format: 'standard' });
  for (const [method, path] of [
    ['GET', `/endpoints/${theirs.id}`],
    ['GET', `/endpoints/${theirs.id}/deliveries`],
    ['DELETE', `/endpoints/${theirs.id}`],
    ['GET', '/endpoints/999999'],
  ] as const) {
    const res = await call(method, path);
    t.is(res.status, 404, `${method} ${path}`);
    t.is(res.body.code, 'NOT_FOUND');
    t.false(res.text.includes('example.org'), 'nothing of the endpoint leaks');
  }
  t.truthy(await bot.app.orm.em.fork().findOne(WebhookIntegrationSchema, { id: theirs.id }), 'their endpoint is still there');
  const theirList = await call<PageJson<EndpointJson>>('GET', '/endpoints', undefined, otherKey);
  t.deepEqual(theirList.body.data.map((e) => e.url), ['https://example.org/theirs']);
  t.is((await call('GET', `/endpoints/${mine.body.id}`, undefined, otherKey)).status, 404);
});

test.serial('GET /endpoints pages by id; DELETE removes one, as /webhook remove does', async (t) => {
  await removeAll();
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push((await call<EndpointJson>('POST', '/endpoints', { url: `https://example.com/p${i}`, events: ['game.final'], format: 'discord' })).body.id);
  const first = await call<PageJson<EndpointJson>>('GET', '/endpoints?limit=2');
  t.deepEqual(first.body.data.map((e) => e.id), ids.slice(0, 2));
  t.true(first.body.has_more);
  const second = await call<PageJson<EndpointJson>>('GET', `/endpoints?limit=2&cursor=${encodeURIComponent(first.body.next_cursor!)}`);
  t.deepEqual(second.body.data.map((e) => e.id), ids.slice(2));
  t.false(second.body.has_more);
  t.is(second.body.next_cursor, null);
  for (const query of ['active=true', 'limit=0', 'cursor=abc']) t.is((await call('GET', `/endpoints?${query}`)).status, 400, query);

  const removed = await call('DELETE', `/endpoints/${ids[1]}`);
  t.is(removed.status, 200);
  t.deepEqual(removed.body, { id: ids[1], deleted: true });
  t.is((await call('GET', `/endpoints/${ids[1]}`)).status, 404);
  t.is((await call('DELETE', `/endpoints/${ids[1]}`)).status, 404, 'a second delete finds nothing');
  t.deepEqual((await call<PageJson<EndpointJson>>('GET', '/endpoints')).body.data.map((e) => e.id), [ids[0], ids[2]]);
  t.is((await call('DELETE', '/endpoints/abc')).status, 400);
});

test.serial('GET /endpoints/:id/deliveries lists the attempts newest first, in pages, filtered by outcome; health follows them', async (t) => {
  await removeAll();
  // The receiver fails the first attempt: it is retried at once with the same webhook-id.
  const receiver = await startReceiver((_r, n) => ({ status: n === 1 ? 500 : 200 }));
  t.teardown(receiver.close);
  const created = await call<EndpointJson>('POST', '/endpoints', { url: receiver.url, events: ['bet.placed'] });
  t.is(created.status, 201, created.text);
  const id = created.body.id;
  for (let i = 0; i < 3; i++) await placeBet();
  await waitUntil(() => receiver.received.length >= 4, 'three deliveries and a retry');
  const attempts = async () => (await call<PageJson<DeliveryJson>>('GET', `/endpoints/${id}/deliveries?limit=100`, undefined, readKey)).body.data;
  await waitUntil(async () => (await attempts()).length >= 4, 'the attempts to be written');

  const all = await attempts();
  t.is(all.length, 4);
  t.deepEqual(all.map((d) => d.id), [...all.map((d) => d.id)].sort((a, b) => b - a), 'newest first');
  t.true(all.every((d) => d.endpointId === id && d.eventType === 'bet.placed'));
  const failed = all.filter((d) => d.outcome === 'retrying');
  t.is(failed.length, 1);
  t.is(failed[0]!.statusCode, 500);
  t.is(failed[0]!.attempt, 1);
  const retry = all.find((d) => d.messageId === failed[0]!.messageId && d.attempt === 2);
  t.is(retry?.outcome, 'delivered', 'the retry kept the webhook-id');

  const page1 = await call<PageJson<DeliveryJson>>('GET', `/endpoints/${id}/deliveries?limit=3`);
  const page2 = await call<PageJson<DeliveryJson>>('GET', `/endpoints/${id}/deliveries?limit=3&cursor=${encodeURIComponent(page1.body.next_cursor!)}`);
  t.deepEqual([...page1.body.data, ...page2.body.data].map((d) => d.id), all.map((d) => d.id));
  t.deepEqual([page1.body.has_more, page2.body.has_more], [true, false]);

  const delivered = await call<PageJson<DeliveryJson>>('GET', `/endpoints/${id}/deliveries?outcome=delivered`);
  t.is(delivered.body.data.length, 3);
  t.is((await call('GET', `/endpoints/${id}/deliveries?outcome=lost`)).status, 400);
  t.is((await call('GET', `/endpoints/${id}/deliveries?eventType=bet.placed`)).status, 400);
  for (const res of [page1, page2, delivered]) t.false(JSON.stringify(res.body).includes(created.body.secret!));

  const health = (await call<EndpointJson>('GET', `/endpoints/${id}`)).body.health;
  t.is(health.status, 'healthy', 'a success ended the failure streak');
  t.is(health.consecutiveFailures, 0);
});

test.serial('a failing or disabled endpoint says so in its health', async (t) => {
  await removeAll();
  const { integration } = await addEndpoint(ctx, { guildId: bot.guildId, url: 'https://example.com/sick', events: 'bet.placed', format: 'standard' });
  const em = bot.app.orm.em.fork();
  const row = await em.findOneOrFail(WebhookIntegrationSchema, { id: integration.id });
  const since = Date.now() - 3_600_000;
  row.consecutiveFailures = 4;
  row.failingSince = since;
  await em.flush();
  const failing = await call<EndpointJson>('GET', `/endpoints/${integration.id}`);
  t.deepEqual(failing.body.health, { status: 'failing', consecutiveFailures: 4, failingSince: new Date(since).toISOString(), disabledReason: null });
  row.isActive = false;
  row.disabledReason = 'answered 410 Gone';
  await em.flush();
  const disabled = await call<EndpointJson>('GET', `/endpoints/${integration.id}`);
  t.false(disabled.body.active);
  t.like(disabled.body.health, { status: 'disabled', disabledReason: 'answered 410 Gone' });
});
