import { networkInterfaces } from 'node:os';
import test from 'ava';
import { pino } from 'pino';
import { loadConfig } from '../../../src/core/config/env.ts';
import { startLocalMode, type LocalMode } from '../../../src/core/local/local-mode.ts';
import { isLoopbackAddress } from '../../../src/core/local/loopback-only.ts';
import { createTestDatabase, type TestDatabase } from '../../../src/testkit/database.ts';

/** This machine's first address that is not loopback: a request to it comes from a non-loopback peer. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

let local: LocalMode;
let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase();
  // Bound to every interface, as a careless HTTP_HOST would: the emulator must still answer only this machine.
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  local = await startLocalMode({ config, plugins: [], logger: pino({ level: 'silent' }), quiet: true });
});
test.after.always(async () => {
  await local?.app.stop();
  await local?.close();
  await db?.drop();
});

test('/emulator answers loopback callers', async (t) => {
  const res = await fetch(`http://127.0.0.1:${local.app.port}/emulator/state`);
  t.is(res.status, 200);
  t.truthy(((await res.json()) as { guilds: unknown[] }).guilds);
});

test('/emulator refuses a caller on another address with a 403 problem saying why, even with HTTP_HOST=0.0.0.0', async (t) => {
  if (!outside) {
    t.log('this machine has no non-loopback IPv4 address; the X-Forwarded-For case below still covers the guard');
    t.pass();
    return;
  }
  for (const [method, path, body] of [
    ['GET', '/emulator/state', undefined],
    ['POST', '/emulator/interactions', JSON.stringify({ command: 'plugins' })],
  ] as const) {
    const res = await fetch(`http://${outside}:${local.app.port}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
    t.is(res.status, 403, path);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem = (await res.json()) as { title: string; detail: string };
    t.is(problem.title, 'Forbidden');
    t.regex(problem.detail, /only requests from this machine/);
    t.true(problem.detail.includes(outside));
  }
  const live = await fetch(`http://${outside}:${local.app.port}/livez`);
  t.is(live.status, 200, 'the rest of the server still answers there');
});

test('a remote caller forwarded by a proxy on this machine is refused too', async (t) => {
  const res = await fetch(`http://127.0.0.1:${local.app.port}/emulator/state`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  t.is(res.status, 403);
  t.regex(((await res.json()) as { detail: string }).detail, /203\.0\.113\.9/);
});

test('loopback addresses: 127.0.0.0/8, ::1 and IPv4-mapped loopback, nothing else', (t) => {
  for (const a of ['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) t.true(isLoopbackAddress(a), a);
  for (const a of [undefined, '', '10.0.0.1', '192.0.2.2', '::ffff:10.0.0.1', 'fd00::1', '::', '0.0.0.0', '128.0.0.1', '::2', '1::1']) t.false(isLoopbackAddress(a), String(a));
});
