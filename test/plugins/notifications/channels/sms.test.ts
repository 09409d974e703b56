import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { createSmsChannel, isE164, normalisePhone, smsOptions } from '../../../../src/plugins/notifications/channels/sms.ts';
import type { OutgoingNotification } from '../../../../src/plugins/notifications/channels/types.ts';
import { startTwilioReceiver, type TwilioReceiver } from '../../../helpers/twilio-receiver.ts';

const FROM = '+15005550006';
const TO = '+447700900123';

function notification(over: Partial<OutgoingNotification> = {}): OutgoingNotification {
  return {
    id: 1,
    guildId: '1100000000000000100',
    userId: '1100000000000000404',
    type: 'bet_result',
    title: 'Your bet won',
    body: 'Arsenal v Chelsea 2-1: +12.50 units',
    url: 'https://bets.example/slips/7',
    fields: [],
    critical: false,
    createdAt: Date.now(),
    ...over,
  };
}

async function receiver(t: { teardown(fn: () => Promise<void>): void }): Promise<TwilioReceiver> {
  const r = await startTwilioReceiver();
  t.teardown(() => r.close());
  return r;
}

const channelFor = (r: TwilioReceiver, over: { authToken?: string; from?: string; statusCallback?: string } = {}) =>
  createSmsChannel({ baseUrl: r.url, accountSid: r.accountSid, authToken: r.authToken, from: FROM, ...over });

test('a message is delivered with the sid Twilio answered', async (t) => {
  const r = await receiver(t);
  const sms = channelFor(r, { statusCallback: 'https://bot.example/notifications/sms/status' });
  const outcome = await sms.send(notification(), '+44 7700 900-123', 'https://bot.example/c/abc');
  t.is(outcome.status, 'delivered');
  t.deepEqual(r.messages.map((m) => m.sid), [outcome.status === 'delivered' ? outcome.providerId : '']);
  const [message] = r.messages;
  t.like(message, { to: TO, from: FROM, messagingServiceSid: null, statusCallback: 'https://bot.example/notifications/sms/status' });
  t.is(message?.body, 'Your bet won\nArsenal v Chelsea 2-1: +12.50 units\nhttps://bot.example/c/abc');
});

test('a Messaging Service SID is sent as MessagingServiceSid, not From', async (t) => {
  const r = await receiver(t);
  const service = `MG${'a'.repeat(32)}`;
  t.is((await channelFor(r, { from: service }).send(notification(), TO, null)).status, 'delivered');
  t.like(r.messages[0], { from: null, messagingServiceSid: service, body: 'Your bet won\nArsenal v Chelsea 2-1: +12.50 units' });
});

test('a long body is clipped to 1,600 characters with an ellipsis, the link kept whole', async (t) => {
  const r = await receiver(t);
  const link = 'https://bot.example/c/xyz';
  const outcome = await channelFor(r).send(notification({ body: 'odds moved '.repeat(300) }), TO, link);
  t.is(outcome.status, 'delivered');
  const body = r.messages[0]?.body ?? '';
  t.true(body.length <= 1600);
  t.true(body.length > 1500);
  t.true(body.endsWith(`…\n${link}`));
});

test('an invalid number is permanent, whether we or Twilio notice', async (t) => {
  const r = await receiver(t);
  const sms = channelFor(r);
  const ours = await sms.send(notification(), '07700 900123', null);
  t.like(ours, { status: 'permanent' });
  t.is(r.requests, 0);
  // Well-formed but refused by Twilio (a number that does not exist in its numbering plan).
  r.failNext({ status: 400, code: 21211 });
  const theirs = await sms.send(notification(), TO, null);
  t.is(theirs.status, 'permanent');
  t.regex(theirs.status === 'permanent' ? theirs.reason : '', /not a valid phone number.*21211/);
});

test('a member who replied STOP is permanent', async (t) => {
  const r = await receiver(t);
  r.optOut(TO);
  const outcome = await channelFor(r).send(notification(), TO, null);
  t.is(outcome.status, 'permanent');
  t.regex(outcome.status === 'permanent' ? outcome.reason : '', /unsubscribed.*21610/);
  t.deepEqual(r.messages, []);
});

test('a wrong auth token is permanent, says to check the settings and never shows the token', async (t) => {
  const r = await receiver(t);
  const wrong = 'f'.repeat(32);
  const outcome = await channelFor(r, { authToken: wrong }).send(notification(), TO, null);
  t.is(outcome.status, 'permanent');
  const reason = outcome.status === 'permanent' ? outcome.reason : '';
  t.regex(reason, /auth token is wrong/);
  t.regex(reason, /401/);
  t.false(reason.includes(wrong));
  t.false(reason.includes(r.authToken));
});

test('429 is retried after Retry-After; 500 is retried', async (t) => {
  const r = await receiver(t);
  const sms = channelFor(r);
  r.failNext({ status: 429, retryAfter: '7' });
  t.like(await sms.send(notification(), TO, null), { status: 'retry', retryAfterMs: 7000 });
  r.failNext({ status: 500 });
  const failed = await sms.send(notification(), TO, null);
  t.is(failed.status, 'retry');
  t.false('retryAfterMs' in failed);
  t.is((await sms.send(notification(), TO, null)).status, 'delivered');
  t.is(r.messages.length, 1);
});

test('a service that is down is retried', async (t) => {
  // A port that was free a moment ago: nothing listens there now.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const sms = createSmsChannel({ baseUrl: `http://127.0.0.1:${port}`, accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32), from: FROM });
  const outcome = await sms.send(notification(), TO, null);
  t.is(outcome.status, 'retry');
  t.regex(outcome.status === 'retry' ? outcome.reason : '', /ECONNREFUSED/);
});

test('options are checked when the channel is created', (t) => {
  const base = { accountSid: `AC${'ab'.repeat(16)}`, authToken: 'x'.repeat(32), from: FROM };
  t.is(smsOptions.parse(base).baseUrl, 'https://api.twilio.com');
  t.throws(() => createSmsChannel({ ...base, accountSid: 'AC123' }));
  t.throws(() => createSmsChannel({ ...base, authToken: 'short' }));
  t.throws(() => createSmsChannel({ ...base, from: 'DBSBM' }));
  t.throws(() => createSmsChannel({ ...base, statusCallback: 'not a url' }));
});

test('normalisePhone and isE164', (t) => {
  t.is(normalisePhone('+44 7700 900123'), TO);
  t.is(normalisePhone('+1 (555) 010-9999'), '+15550109999');
  t.is(normalisePhone(' +49-30-1234567 '), '+49301234567');
  t.is(normalisePhone('07700 900123'), null); // national form: no country to guess
  t.is(normalisePhone('+0 123 456 789'), null); // country codes never start with 0
  t.is(normalisePhone('+1234567'), null); // 7 digits: too short
  t.is(normalisePhone('+1234567890123456'), null); // 16 digits: too long
  t.is(normalisePhone('+44 7700 9OO123'), null); // letters
  t.true(isE164(TO));
  t.false(isE164('+44 7700 900123'));
});
