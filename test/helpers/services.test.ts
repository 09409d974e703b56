import { createServer, type AddressInfo } from 'node:net';
import test, { type TestFn } from 'ava';
import { decide, needs, probe, servicesRequired, testRedisUrl } from './services.ts';

/** The part of ava's `t` the helper's stand-in tests use. */
type Impl = (t: { fail(message?: string): void; pass(): void }) => void;

/** A stand-in for ava's `test` that records what a helper declares instead of declaring it. */
function recorder() {
  const declared: { kind: 'test' | 'skip'; title: string; impl: Impl }[] = [];
  const fake = (title: string, impl: Impl) => declared.push({ kind: 'test', title, impl });
  fake.skip = (title: string, impl: Impl) => declared.push({ kind: 'skip', title, impl });
  return { test: fake as unknown as TestFn, declared };
}

/** A port that was just free: a server listened on it and closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const MISSING_CHROMIUM = { CHROMIUM_PATH: '/nonexistent/dbsbm/chromium' };

test('the CI flag is on only for 1, true or yes', (t) => {
  t.true(servicesRequired({ DBSBM_REQUIRE_SERVICES: '1' }));
  t.true(servicesRequired({ DBSBM_REQUIRE_SERVICES: 'TRUE' }));
  t.false(servicesRequired({}));
  t.false(servicesRequired({ DBSBM_REQUIRE_SERVICES: '' }));
  t.false(servicesRequired({ DBSBM_REQUIRE_SERVICES: '0' }));
});

test('all present runs; something missing skips, or fails when services are required', (t) => {
  t.deepEqual(decide([undefined, undefined], false), { run: true });
  t.deepEqual(decide([undefined, undefined], true), { run: true });
  t.deepEqual(decide(['A is missing', undefined, 'B is missing'], false), { run: false, mode: 'skip', line: 'A is missing; B is missing' });
  t.deepEqual(decide(['A is missing'], true), { run: false, mode: 'fail', line: 'A is missing' });
});

test('Chromium: an executable at CHROMIUM_PATH is there; a missing one says where it looked and how to get it', async (t) => {
  t.is(await probe('chromium', { CHROMIUM_PATH: process.execPath }), undefined);
  t.is(await probe('chromium', MISSING_CHROMIUM), 'Chromium not found at /nonexistent/dbsbm/chromium — apt-get install -y chromium (or set CHROMIUM_PATH)');
});

test('Redis: a listening port is there; a closed one is missing, and the line hides the password', async (t) => {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const open = (server.address() as AddressInfo).port;
  t.is(await probe('redis', { TEST_REDIS_URL: `redis://127.0.0.1:${open}` }), undefined);
  const closed = await closedPort();
  const line = await probe('redis', { REDIS_URL: `redis://u:hunter2@127.0.0.1:${closed}` });
  t.is(line, `Redis not reachable at redis://u:***@127.0.0.1:${closed} — apt-get install -y redis-server && redis-server --daemonize yes (or set REDIS_URL)`);
});

test('the Redis the tests use: REDIS_URL, else TEST_REDIS_URL, else the local default', (t) => {
  t.is(testRedisUrl({ REDIS_URL: 'redis://a:1', TEST_REDIS_URL: 'redis://b:2' }), 'redis://a:1');
  t.is(testRedisUrl({ REDIS_URL: '', TEST_REDIS_URL: 'redis://b:2' }), 'redis://b:2');
  t.is(testRedisUrl({}), 'redis://127.0.0.1:6379');
});

test('with the service there, the group is declared as written', async (t) => {
  const { test: fake, declared } = recorder();
  let registered = 0;
  (await needs(['chromium'], { CHROMIUM_PATH: process.execPath })).tests(fake, (inner) => {
    registered++;
    t.is(inner, fake);
  });
  t.is(registered, 1);
  t.deepEqual(declared, []);
});

test('without it, the group becomes one skipped test whose title says what is missing and how to get it', async (t) => {
  const { test: fake, declared } = recorder();
  (await needs(['chromium'], MISSING_CHROMIUM)).tests(fake, () => t.fail('the group must not be declared'));
  t.is(declared.length, 1);
  t.is(declared[0]!.kind, 'skip');
  t.is(declared[0]!.title, 'skipped: Chromium not found at /nonexistent/dbsbm/chromium — apt-get install -y chromium (or set CHROMIUM_PATH)');
});

test('with DBSBM_REQUIRE_SERVICES=1, the group becomes one failing test carrying the same line', async (t) => {
  const { test: fake, declared } = recorder();
  (await needs(['chromium'], { ...MISSING_CHROMIUM, DBSBM_REQUIRE_SERVICES: '1' })).tests(fake, () => t.fail('the group must not be declared'));
  t.is(declared.length, 1);
  t.is(declared[0]!.kind, 'test');
  const failures: string[] = [];
  declared[0]!.impl({ fail: (message) => void failures.push(message ?? ''), pass: () => undefined });
  t.deepEqual(failures, ['Chromium not found at /nonexistent/dbsbm/chromium — apt-get install -y chromium (or set CHROMIUM_PATH)']);
});
