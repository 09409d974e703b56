import test from 'ava';
import { Webhook } from 'standardwebhooks';
import {
  generateSecret,
  sign,
  signatureHeader,
  webhookHeaders,
} from '../../../../src/plugins/webhooks/services/signing.ts';

const body = JSON.stringify({ event: 'bet.settled', data: { betId: 42, payout: '12.50' } });
const now = (): number => Math.floor(Date.now() / 1000);

test('generateSecret returns whsec_ + base64 of 32 random bytes', (t) => {
  const a = generateSecret();
  const b = generateSecret();
  t.regex(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
  t.is(Buffer.from(a.slice('whsec_'.length), 'base64').length, 32);
  t.not(a, b);
});

test('sign matches the standardwebhooks reference implementation', (t) => {
  const secret = generateSecret();
  const ts = 1_614_265_330;
  t.is(sign(secret, 'msg_1', ts, body), new Webhook(secret).sign('msg_1', new Date(ts * 1000), body));
  t.regex(sign(secret, 'msg_1', ts, body), /^v1,[A-Za-z0-9+/]{43}=$/);
});

test('sign matches the published Standard Webhooks example', (t) => {
  // Example from the Standard Webhooks / Svix documentation.
  t.is(
    sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  );
});

test('headers for one secret verify with the standardwebhooks package', (t) => {
  const secret = generateSecret();
  const headers = webhookHeaders([secret], 'msg_abc', now(), body);
  t.deepEqual(Object.keys(headers).sort(), ['webhook-id', 'webhook-signature', 'webhook-timestamp']);
  t.is(headers['webhook-id'], 'msg_abc');
  t.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
});

test('with two secrets (rotation) each one verifies', (t) => {
  const oldSecret = generateSecret();
  const newSecret = generateSecret();
  const headers = webhookHeaders([oldSecret, newSecret], 'msg_rot', now(), body);
  t.is(headers['webhook-signature'].split(' ').length, 2);
  t.notThrows(() => new Webhook(oldSecret).verify(body, headers));
  t.notThrows(() => new Webhook(newSecret).verify(body, headers));
  t.throws(() => new Webhook(generateSecret()).verify(body, headers));
});

test('a tampered body, id or timestamp fails verification', (t) => {
  const secret = generateSecret();
  const ts = now();
  const headers = webhookHeaders([secret], 'msg_t', ts, body);
  const wh = new Webhook(secret);
  t.throws(() => wh.verify(body.replace('12.50', '99.50'), headers));
  t.throws(() => wh.verify(body, { ...headers, 'webhook-id': 'msg_other' }));
  t.throws(() => wh.verify(body, { ...headers, 'webhook-timestamp': String(ts - 1) }));
});

test('signatureHeader joins signatures with a space in secret order', (t) => {
  const [a, b] = [generateSecret(), generateSecret()];
  t.is(signatureHeader([a, b], 'm', 1, 'x'), `${sign(a, 'm', 1, 'x')} ${sign(b, 'm', 1, 'x')}`);
});

test('invalid inputs are refused loudly', (t) => {
  t.throws(() => signatureHeader([], 'm', 1, 'x'), { message: /At least one/ });
  t.throws(() => sign('whsec_', 'm', 1, 'x'), { message: /Invalid webhook signing secret/ });
  t.throws(() => sign('whsec_not base64!!', 'm', 1, 'x'), { message: /Invalid webhook signing secret/ });
  t.throws(() => sign(generateSecret(), 'm', 1.5, 'x'), { message: /whole seconds/ });
});
