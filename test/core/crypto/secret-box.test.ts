import test from 'ava';
import { createSecretBox, SecretBoxError } from '../../../src/core/crypto/secret-box.ts';

const KEY = 'k'.repeat(16) + 'an-environment-secret-key-1234567890';
const box = createSecretBox(KEY);

test('round trip, with a fresh IV per seal', (t) => {
  const plain = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const a = box.seal(plain);
  const b = box.seal(plain);
  t.regex(a, /^v1\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]{22}==\.[A-Za-z0-9+/=]+$/);
  t.not(a, b);
  t.is(box.open(a), plain);
  t.is(box.open(b), plain);
  t.false(a.includes(plain));
  t.is(box.open(box.seal('')), '');
  t.is(box.open(box.seal('ünïcødé ✓')), 'ünïcødé ✓');
  // A second box from the same key (e.g. after a restart) opens what the first sealed.
  t.is(createSecretBox(KEY).open(a), plain);
});

test('tampering is detected', (t) => {
  const sealed = box.seal('whsec_secret-value');
  const [v, iv, tag, data] = sealed.split('.');
  const flip = (b64: string): string => {
    const bytes = Buffer.from(b64, 'base64');
    bytes[0] ^= 1;
    return bytes.toString('base64');
  };
  for (const bad of [
    [v, iv, tag, flip(data)].join('.'),
    [v, flip(iv), tag, data].join('.'),
    [v, iv, flip(tag), data].join('.'),
  ]) {
    t.throws(() => box.open(bad), { instanceOf: SecretBoxError, message: /modified|DBSBM_SECRET_KEY/ });
  }
  for (const malformed of ['', 'v1.a.b', `v2.${iv}.${tag}.${data}`, `v1.${iv}.${tag}.${data}!`, `v1.${iv}.${tag.slice(4)}.${data}`, `${sealed}.x`]) {
    t.throws(() => box.open(malformed), { instanceOf: SecretBoxError });
  }
});

test('a different key cannot open the value', (t) => {
  const sealed = box.seal('whsec_secret-value');
  const other = createSecretBox('another-key-that-is-long-enough-0123456789');
  t.throws(() => other.open(sealed), { instanceOf: SecretBoxError, message: /DBSBM_SECRET_KEY/ });
});

test('a short key is refused with guidance', (t) => {
  t.throws(() => createSecretBox('too-short'), { instanceOf: SecretBoxError, message: /at least 32 characters/ });
});
