import { Writable } from 'node:stream';
import test from 'ava';
import { createLogger } from '../../../src/core/log/logger.ts';

/** A destination that keeps what the logger wrote. */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, read: () => text };
}

// The pretty stream is a transform piped into the destination: its output lands a turn later.
const settle = () => new Promise((resolve) => setImmediate(resolve));

const SECRETS = { token: 'tok-hunter2', config: { DISCORD_TOKEN: 'discord-hunter2' }, req: { headers: { authorization: 'Bearer hunter2' } } };

test('JSON: one parseable object per line, with secrets redacted', async (t) => {
  const out = capture();
  createLogger('info', { format: 'json', destination: out.stream }).child({ plugin: 'betting' }).info(SECRETS, 'feed started');
  await settle();
  const line = JSON.parse(out.read().trim()) as Record<string, unknown>;
  t.like(line, { msg: 'feed started', plugin: 'betting', token: '[redacted]', config: { DISCORD_TOKEN: '[redacted]' } });
  t.false(out.read().includes('hunter2'));
});

test('pretty: a line a person reads (time, level, who, message), with secrets redacted the same way', async (t) => {
  const out = capture();
  createLogger('info', { format: 'pretty', destination: out.stream }).child({ plugin: 'betting' }).info(SECRETS, 'feed started');
  await settle();
  const text = out.read();
  t.regex(text, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: betting: feed started /);
  t.is(text.trim().split('\n').length, 1, 'one line');
  t.throws(() => JSON.parse(text), undefined, 'not JSON');
  t.regex(text, /"token":"\[redacted\]"/);
  t.false(text.includes('hunter2'));
  // Colour only for a terminal: a captured stream gets none.
  t.false(text.includes('\u001b['));
});
