import test from 'ava';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { startHarness } from './helpers.ts';

/** A bot REST call made with plain fetch, outside discord.js's own rate limiting. */
function raw(emulator: Emulator, method: string, path: string): Promise<Response> {
  return fetch(`${emulator.apiUrl}/v10${path}`, { method, headers: { authorization: `Bot ${emulator.token}` } });
}

test('a burst over the global limit gets 429s with global: true, counted and logged', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  emulator.enforceGlobalRateLimit(20);

  const responses = await Promise.all(Array.from({ length: 60 }, () => raw(emulator, 'GET', '/users/@me')));
  const limited = responses.filter((r) => r.status === 429);
  t.true(limited.length > 0);
  t.is(limited.length + responses.filter((r) => r.status === 200).length, 60);
  t.is(emulator.globalRateLimitHits, limited.length);
  t.is(emulator.requests.filter((r) => r.status === 429 && r.global === true).length, limited.length);

  const first = limited[0] as Response;
  t.is(first.headers.get('x-ratelimit-global'), 'true');
  t.is(first.headers.get('x-ratelimit-scope'), 'global');
  t.true(Number(first.headers.get('retry-after')) >= 1);
  const body = (await first.json()) as { message: string; retry_after: number; global: boolean };
  t.is(body.message, 'You are being rate limited.');
  t.true(body.global);
  t.true(body.retry_after > 0 && body.retry_after <= 1);
  await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
});

test('interaction callbacks and webhook calls are exempt; the window frees up after retry_after', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  emulator.enforceGlobalRateLimit(5);
  await Promise.all(Array.from({ length: 5 }, () => raw(emulator, 'GET', '/users/@me').then((r) => r.body?.cancel())));
  const refused = await raw(emulator, 'GET', '/users/@me');
  t.is(refused.status, 429);
  const { retry_after } = (await refused.json()) as { retry_after: number };

  // Unknown interaction and webhook: Discord's 404s, not the global 429.
  const callback = await raw(emulator, 'POST', `/interactions/1/token/callback`);
  t.is(callback.status, 404);
  const followUp = await raw(emulator, 'GET', `/webhooks/${emulator.applicationId}/token/messages/@original`);
  t.is(followUp.status, 404);
  await Promise.all([callback.body?.cancel(), followUp.body?.cancel()]);
  t.is(emulator.globalRateLimitHits, 1);

  // A little over retry_after: timers may fire a millisecond early by the server's clock.
  await new Promise((resolve) => setTimeout(resolve, retry_after * 1000 + 20));
  const again = await raw(emulator, 'GET', '/users/@me');
  t.is(again.status, 200);
  await again.body?.cancel();

  emulator.stopGlobalRateLimit();
  const statuses = await Promise.all(Array.from({ length: 10 }, () => raw(emulator, 'GET', '/users/@me').then((r) => (void r.body?.cancel(), r.status))));
  t.deepEqual(new Set(statuses), new Set([200]));
  t.is(emulator.globalRateLimitHits, 1);
});

test('discord.js with globalRequestsPerSecond under the limit never hits it', async (t) => {
  const { emulator, client, channelId } = await startHarness(t, { client: { rest: { globalRequestsPerSecond: 10 } } });
  emulator.enforceGlobalRateLimit(20);
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) return t.fail('channel not sendable');
  await Promise.all(Array.from({ length: 30 }, (_, i) => channel.send(`message ${i}`)));
  t.is(emulator.messages(channelId).length, 30);
  t.is(emulator.globalRateLimitHits, 0);
});

test('discord.js over the limit is refused with global 429s, waits and still delivers everything', async (t) => {
  const { emulator, client, channelId } = await startHarness(t);
  // discord.js allows itself 50 a second by default: far over this.
  emulator.enforceGlobalRateLimit(5);
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) return t.fail('channel not sendable');
  await Promise.all(Array.from({ length: 12 }, (_, i) => channel.send(`message ${i}`)));
  t.deepEqual(
    emulator.messages(channelId).map((m) => m.content).sort(),
    Array.from({ length: 12 }, (_, i) => `message ${i}`).sort(),
  );
  t.true(emulator.globalRateLimitHits > 0);
});
