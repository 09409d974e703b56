import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import webpush from 'web-push';
import { createPushChannel, MAX_PUSH_PAYLOAD_BYTES, type PushChannel } from '../../../../src/plugins/notifications/channels/push.ts';
import type { OutgoingNotification, TrackingLinks } from '../../../../src/plugins/notifications/channels/types.ts';
import { startPushService, type PushService } from '../../../helpers/push-service.ts';

const SUBJECT = 'mailto:ops@example.com';
const vapid = { ...webpush.generateVAPIDKeys(), subject: SUBJECT };

const links: TrackingLinks = {
  click: (target) => `https://bot.example/n/c/tok?to=${encodeURIComponent(target)}`,
  openPixel: 'https://bot.example/n/o/tok.gif',
  unsubscribe: 'https://bot.example/n/u/tok',
  pushClick: 'https://bot.example/n/pc/tok',
};

const note = (over: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
  id: 1,
  guildId: 'g1',
  userId: 'u1',
  type: 'bet_result',
  title: 'Your bet won',
  body: 'Lakers beat Celtics: +12.50',
  url: 'https://bot.example/bets/7',
  fields: [],
  critical: false,
  createdAt: Date.now(),
  ...over,
});

let service: PushService;
let channel: PushChannel;

test.before(async () => {
  service = await startPushService();
  channel = createPushChannel({ vapid, ca: service.ca });
});
test.after.always(async () => {
  channel?.close();
  await service?.close();
});

const idOf = (endpoint: string): string => endpoint.split('/').pop()!;
const arrived = (endpoint: string) => service.received.filter((r) => r.endpointId === idOf(endpoint));
const answered = (endpoint: string) => service.answers.filter((a) => a.endpointId === idOf(endpoint));

test('a push arrives encrypted, VAPID-signed for the service origin, with the payload the worker needs', async (t) => {
  const sub = service.subscription();
  const outcome = await channel.send(note(), sub, links);
  t.is(outcome.status, 'delivered');
  t.true(outcome.status === 'delivered' && outcome.providerId?.startsWith(`${service.origin}/message/`));
  await service.waitFor(1);
  const [push] = arrived(sub.endpoint);
  t.deepEqual(push.payload, {
    title: 'Your bet won',
    body: 'Lakers beat Celtics: +12.50',
    url: links.click('https://bot.example/bets/7'),
    click: links.pushClick,
    tag: null,
  });
  t.is(push.vapid.aud, service.origin);
  t.is(push.vapid.sub, SUBJECT);
  t.true(push.vapid.exp > Date.now() / 1000);
  t.is(push.ttl, 86_400);
  t.is(push.urgency, 'normal');
  t.is(push.topic, undefined);
});

test('a notification without a url sends url null', async (t) => {
  const sub = service.subscription();
  t.is((await channel.send(note({ url: null }), sub, links)).status, 'delivered');
  t.is((arrived(sub.endpoint)[0].payload as { url: unknown }).url, null);
});

test('odds alerts are short-lived, low urgency, and share a topic per headline so a newer one replaces the pending', async (t) => {
  const sub = service.subscription();
  const alert = note({ type: 'odds_alert', title: 'Lakers @ Celtics: odds moved' });
  await channel.send(alert, sub, links);
  await channel.send({ ...alert, body: 'now 2.10' }, sub, links);
  await channel.send({ ...alert, title: 'Bulls @ Knicks: odds moved' }, sub, links);
  const [first, second, other] = arrived(sub.endpoint);
  t.is(first.ttl, 900);
  t.is(first.urgency, 'low');
  t.regex(first.topic ?? '', /^[A-Za-z0-9_-]{1,32}$/);
  t.is(second.topic, first.topic);
  t.not(other.topic, first.topic);
  t.is((first.payload as { tag: unknown }).tag, first.topic);
});

test('game starting lives 30 minutes; critical notifications are high urgency', async (t) => {
  const sub = service.subscription();
  await channel.send(note({ type: 'game_starting' }), sub, links);
  await channel.send(note({ type: 'responsible_play', critical: true }), sub, links);
  const [starting, critical] = arrived(sub.endpoint);
  t.is(starting.ttl, 1800);
  t.is(starting.urgency, 'normal');
  t.is(critical.ttl, 86_400);
  t.is(critical.urgency, 'high');
});

test('a long multi-byte body is shortened to fit the payload limit', async (t) => {
  const sub = service.subscription();
  const outcome = await channel.send(note({ body: '€'.repeat(2000) }), sub, links);
  t.is(outcome.status, 'delivered');
  const payload = arrived(sub.endpoint)[0].payload as { body: string; title: string };
  t.true(Buffer.byteLength(JSON.stringify(payload)) <= MAX_PUSH_PAYLOAD_BYTES);
  t.true(payload.body.endsWith('…') && payload.body.length > 500);
  t.is(payload.title, 'Your bet won');
});

test('a token signed with the wrong private key is refused (401) and the send is permanent', async (t) => {
  const wrong = createPushChannel({ vapid: { ...vapid, privateKey: webpush.generateVAPIDKeys().privateKey }, ca: service.ca });
  t.teardown(() => wrong.close());
  const sub = service.subscription();
  const outcome = await wrong.send(note(), sub, links);
  t.like(outcome, { status: 'permanent' });
  t.false(outcome.status === 'permanent' && outcome.gone === true);
  t.like(answered(sub.endpoint)[0], { status: 401, reason: 'token signature does not verify with k' });
  t.deepEqual(arrived(sub.endpoint), []);
});

test('a subscription restricted to another server key answers 403: permanent', async (t) => {
  const sub = service.subscription({ applicationServerKey: webpush.generateVAPIDKeys().publicKey });
  t.like(await channel.send(note(), sub, links), { status: 'permanent', reason: 'push service answered 403: k is not the key this subscription is restricted to' });
});

for (const status of [410, 404]) {
  test(`${status} means the subscription is gone`, async (t) => {
    const sub = service.subscription({ status });
    t.like(await channel.send(note(), sub, links), { status: 'permanent', gone: true });
  });
}

for (const status of [400, 413]) {
  test(`${status} is permanent but keeps the subscription`, async (t) => {
    const outcome = await channel.send(note(), service.subscription({ status }), links);
    t.like(outcome, { status: 'permanent' });
    t.false('gone' in outcome);
  });
}

test('429 with Retry-After retries after that long', async (t) => {
  const sub = service.subscription({ status: 429, headers: { 'retry-after': '7' } });
  t.deepEqual(await channel.send(note(), sub, links), { status: 'retry', reason: 'push service answered 429', retryAfterMs: 7000 });
});

test('5xx retries; once the service recovers the same subscription gets the push', async (t) => {
  const sub = service.subscription({ status: 500 });
  const outcome = await channel.send(note(), sub, links);
  t.like(outcome, { status: 'retry' });
  t.false('retryAfterMs' in outcome);
  service.setStatus(idOf(sub.endpoint), 0);
  t.is((await channel.send(note(), sub, links)).status, 'delivered');
});

test('an unreachable push service is a retry', async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const sub = { ...service.subscription(), endpoint: `https://127.0.0.1:${port}/push/x` };
  t.like(await channel.send(note(), sub, links), { status: 'retry' });
});

test('without the CA the private service is not trusted (the agent carries the CA, not a global): retry', async (t) => {
  const untrusting = createPushChannel({ vapid });
  t.teardown(() => untrusting.close());
  const sub = service.subscription();
  t.like(await untrusting.send(note(), sub, links), { status: 'retry' });
  t.deepEqual(answered(sub.endpoint), []);
});

test('a malformed subscription is permanent and gone without a request', async (t) => {
  const sub = { ...service.subscription(), p256dh: 'abc' };
  t.like(await channel.send(note(), sub, links), { status: 'permanent', gone: true });
  t.deepEqual(answered(sub.endpoint), []);
});

test('bad VAPID details fail when the channel is made', (t) => {
  t.throws(() => createPushChannel({ vapid: { ...vapid, subject: 'ops@example.com' } }));
  t.throws(() => createPushChannel({ vapid: { ...vapid, privateKey: 'short' } }));
});
