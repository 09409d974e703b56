import test from 'ava';
import { Webhook } from 'standardwebhooks';
import betting from '../../../src/plugins/betting/index.ts';
import webhooks from '../../../src/plugins/webhooks/index.ts';
import { WebhookIntegrationSchema } from '../../../src/plugins/webhooks/entities/integration.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { seedGames } from '../betting/seed.ts';
import { startReceiver, waitUntil } from './receiver.ts';
import { assertRefusal } from '../../helpers/refusal.ts';

let bot: TestBot;
let betCtx: BettingContext;
let gameId: number;
test.before(async () => {
  bot = await createTestBot({
    tier: 'platinum',
    plugins: [betting, { plugin: webhooks, options: { secretKey: 'test-key-0123456789-0123456789-0123456789', allowedHosts: ['127.0.0.1'], defaultLimit: 3 } }],
  });
  betCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  gameId = (await seedGames(betCtx, [{ key: 'wh', home: 'Hook FC', away: 'Signed United' }])).ids.wh!;
});
test.after.always(() => bot?.close());

let seq = 0;
const placeBet = (userId = bot.users.carol) =>
  placeStraight(betCtx, { guildId: bot.guildId, userId, interactionId: `8${Date.now()}${++seq}`.slice(0, 19), gameId, market: 'h2h', selection: 'home', units: 1 });
const add = async (url: string, events = 'bet.placed', format = 'standard') => {
  const reply = await bot.as('alice').run('/webhook add', { url, events, format });
  const secret = /`(whsec_[^`]+)`/.exec(JSON.stringify(reply.embeds))?.[1];
  const id = Number(/Webhook #(\d+) added/.exec(reply.embeds[0]?.title ?? '')?.[1]);
  return { reply, secret, id };
};
const removeAll = async () => {
  await bot.app.orm.em.fork().nativeDelete(WebhookIntegrationSchema, {});
};

test.serial('an endpoint gets signed bet events that any Standard Webhooks library verifies; the secret is shown once', async (t) => {
  await removeAll();
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  const { reply, secret } = await add(receiver.url);
  t.true(reply.ephemeral);
  t.truthy(secret);
  const placed = await placeBet();
  await waitUntil(() => receiver.received.length >= 1, 'the delivery');
  const got = receiver.received[0]!;
  const verified = new Webhook(secret!).verify(got.body, got.headers as Record<string, string>) as { type: string; data: { betId: number; guildId: string } };
  t.is(verified.type, 'bet.placed');
  t.is(verified.data.betId, placed.bet.id);
  t.is(verified.data.guildId, bot.guildId);
  t.regex(got.id, /^msg_/);
  const list = await bot.as('alice').run('/webhook list');
  t.false(JSON.stringify(list.embeds).includes(secret!), 'the secret is never shown again');
});

test.serial('bad URLs, private addresses, unknown events and going over the limit are refused and nothing is stored', async (t) => {
  await removeAll();
  const count = () => bot.app.orm.em.fork().count(WebhookIntegrationSchema, {});
  for (const [url, message] of [
    ['ftp://example.com/x', /https/],
    ['https://user:pw@example.com/x', /password|credential/i],
    ['https://10.0.0.8/hook', /private|internal|not allowed|forbidden/i],
    ['https://localhost/hook', /localhost|loopback|not allowed|forbidden/i],
    ['not a url', /URL|valid/i],
  ] as const) {
    const reply = await bot.as('alice').run('/webhook add', { url, events: 'bet.placed' });
    assertRefusal(t, reply, 'BAD_URL');
    t.regex(reply.embeds[0]!.description!, message, url);
  }
  const unknown = await bot.as('alice').run('/webhook add', { url: 'https://example.com/hook', events: 'bet.placed, bet.exploded' });
  assertRefusal(t, unknown, 'UNKNOWN_EVENT');
  t.regex(unknown.embeds[0]!.description!, /Unknown event "bet\.exploded"/);
  t.is(await count(), 0);
  for (let i = 0; i < 3; i++) await add(`https://example.com/hook${i}`);
  const over = await bot.as('alice').run('/webhook add', { url: 'https://example.com/hook9', events: 'all' });
  assertRefusal(t, over, 'LIMIT_REACHED');
  t.regex(over.embeds[0]!.description!, /its limit \(3\)/);
  t.is(await count(), 3);
  const member = await bot.as('bob').run('/plugins list');
  t.truthy(member);
});

test.serial('the same bad URL gives the same refusal every time; an unknown endpoint is the core NOT_FOUND', async (t) => {
  await removeAll();
  const first = await bot.as('alice').run('/webhook add', { url: 'ftp://example.com/x', events: 'bet.placed' });
  const again = await bot.as('alice').run('/webhook add', { url: 'ftp://example.com/x', events: 'all', format: 'zapier' });
  assertRefusal(t, first, 'BAD_URL');
  assertRefusal(t, again, 'BAD_URL');
  t.deepEqual(again.embeds, first.embeds);
  t.is(first.embeds[0]!.title, 'That URL cannot receive webhooks');
  const missing = await bot.as('alice').run('/webhook remove', { id: 999999 });
  assertRefusal(t, missing, 'NOT_FOUND');
  t.regex(missing.embeds[0]!.description!, /no webhook #999999/);
});

test.serial('a failing receiver is retried with the same webhook-id; 429 waits for Retry-After; 410 disables the endpoint', async (t) => {
  await removeAll();
  const flaky = await startReceiver((_r, n) => (n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
  t.teardown(flaky.close);
  await add(flaky.url);
  await placeBet();
  await waitUntil(() => flaky.received.length >= 3, 'three attempts', 30_000);
  t.is(new Set(flaky.received.map((r) => r.id)).size, 1, 'one webhook-id across retries');
  const gone = await startReceiver(() => ({ status: 410 }));
  t.teardown(gone.close);
  const { id } = await add(gone.url);
  await placeBet();
  await waitUntil(async () => !(await bot.app.orm.em.fork().findOneOrFail(WebhookIntegrationSchema, { id })).isActive, 'the endpoint to be disabled');
  const row = await bot.app.orm.em.fork().findOneOrFail(WebhookIntegrationSchema, { id });
  t.regex(row.disabledReason!, /410/);
  await placeBet();
  await new Promise((r) => setTimeout(r, 300));
  t.is(gone.received.length, 1, 'nothing more is sent to a disabled endpoint');
  const deliveries = await bot.as('alice').run('/webhook deliveries', { id });
  t.regex(deliveries.embeds[0]!.description!, /410 · disabled/);
});

test.serial('rotation: the old and the new secret both sign during the grace period', async (t) => {
  await removeAll();
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  const { secret: oldSecret, id } = await add(receiver.url);
  const rotated = await bot.as('alice').run('/webhook rotate-secret', { id });
  const newSecret = /`(whsec_[^`]+)`/.exec(JSON.stringify(rotated.embeds))![1]!;
  t.not(newSecret, oldSecret);
  await placeBet();
  await waitUntil(() => receiver.received.length >= 1, 'the delivery');
  const got = receiver.received[0]!;
  t.notThrows(() => new Webhook(oldSecret!).verify(got.body, got.headers as Record<string, string>));
  t.notThrows(() => new Webhook(newSecret).verify(got.body, got.headers as Record<string, string>));
});

test.serial('formats: discord embeds, zapier flat JSON, ifttt values', async (t) => {
  await removeAll();
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  await add(receiver.url, 'bet.placed', 'discord');
  await add(receiver.url, 'bet.placed', 'zapier');
  await add(receiver.url, 'bet.placed', 'ifttt');
  await placeBet();
  await waitUntil(() => receiver.received.length >= 3, 'three deliveries');
  const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  t.true(bodies.some((b) => Array.isArray(b.embeds) && (b.embeds as { title: string }[])[0]!.title === 'Bet placed'));
  t.true(bodies.some((b) => b.event === 'bet.placed' && typeof b.betId === 'number'));
  t.true(bodies.some((b) => b.value1 === 'bet.placed' && typeof b.value3 === 'string'));
});

test.serial('a server below platinum, or with the plugin off, gets no deliveries at all', async (t) => {
  await removeAll();
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  await add(receiver.url);
  // Each phase drains the queue (the durable event, and any delivery) before the server changes again.
  await bot.setTier('premium');
  await placeBet();
  await bot.app.jobs.drain();
  await bot.setTier('platinum');
  await bot.as('alice').run('/plugins disable', { name: 'webhooks' });
  await placeBet();
  await bot.app.jobs.drain();
  await bot.as('alice').run('/plugins enable', { name: 'webhooks' });
  await bot.app.jobs.drain();
  await new Promise((r) => setTimeout(r, 300));
  t.is(receiver.received.length, 0);
  await placeBet();
  await waitUntil(() => receiver.received.length === 1, 'a delivery once on again');
});

test.serial('test pings, custom events and replays', async (t) => {
  await removeAll();
  const receiver = await startReceiver();
  t.teardown(receiver.close);
  const { id } = await add(receiver.url, 'custom');
  await bot.as('alice').run('/webhook test', { id });
  await waitUntil(() => receiver.received.length === 1, 'the test ping');
  t.is((JSON.parse(receiver.received[0]!.body) as { type: string }).type, 'webhook.test');
  await bot.as('alice').run('/webhook send', { name: 'promo', message: 'Double units weekend' });
  await waitUntil(() => receiver.received.length === 2, 'the custom event');
  t.like(JSON.parse(receiver.received[1]!.body), { type: 'custom.promo', data: { name: 'promo', data: { message: 'Double units weekend' } } });
  const replay = await bot.as('alice').run('/webhook replay', { id, hours: 1 });
  t.regex(replay.embeds[0]!.title!, /^2 event\(s\) queued again/);
  await waitUntil(() => receiver.received.length === 4, 'the replays');
  t.deepEqual(new Set(receiver.received.slice(2).map((r) => r.id)), new Set(receiver.received.slice(0, 2).map((r) => r.id)), 'replays keep their webhook-id');
});

test.serial('an endpoint failing for five days is disabled and the server owner is told in Discord', async (t) => {
  await removeAll();
  const down = await startReceiver(() => ({ status: 500 }));
  t.teardown(down.close);
  const { id } = await add(down.url);
  const em = bot.app.orm.em.fork();
  const row = await em.findOneOrFail(WebhookIntegrationSchema, { id });
  row.failingSince = Date.now() - 5 * 86_400_000 - 60_000;
  row.consecutiveFailures = 40;
  await em.flush();
  await placeBet();
  await waitUntil(async () => !(await bot.app.orm.em.fork().findOneOrFail(WebhookIntegrationSchema, { id })).isActive, 'the endpoint to be disabled');
  t.regex((await bot.app.orm.em.fork().findOneOrFail(WebhookIntegrationSchema, { id })).disabledReason!, /failing for five days/);
  const dm = bot.emulator.dmChannel(bot.users.owner);
  const told = () => bot.emulator.messages(dm.id).some((m) => JSON.stringify(m.embeds).includes(`Webhook #${id} (`) && JSON.stringify(m.embeds).includes('failing for five days'));
  await waitUntil(told, 'the DM to the owner');
  t.true(told());
});
