import { setImmediate as tick } from 'node:timers/promises';
import test from 'ava';
import { createSecretBox } from 'dbsbm';
import { createPushChannel } from '../../../../src/plugins/notifications/channels/push.ts';
import type { TrackingLinks } from '../../../../src/plugins/notifications/channels/types.ts';
import { loadOrCreateVapidKeys, VAPID_KEY_NAMES, type KeyStore } from '../../../../src/plugins/notifications/services/vapid-keys.ts';
import { startPushService } from '../../../helpers/push-service.ts';

const SUBJECT = 'https://bot.example/contact';
const box = createSecretBox('k'.repeat(40), 'notifications/vapid');

/** Storage double with the contract of the plugin's table; each call yields first so concurrent callers interleave. */
function memoryStore(): KeyStore & { rows: Map<string, string>; writes: number; attempts: string[] } {
  const rows = new Map<string, string>();
  const store = {
    rows,
    writes: 0,
    attempts: [] as string[],
    async get(name: string) {
      await tick();
      return rows.get(name) ?? null;
    },
    async putIfAbsent(name: string, value: string) {
      store.attempts.push(name);
      await tick();
      if (!rows.has(name)) {
        rows.set(name, value);
        store.writes += 1;
      }
      return rows.get(name)!;
    },
  };
  return store;
}

test('keys are generated once and the same keys come back afterwards', async (t) => {
  const store = memoryStore();
  const first = await loadOrCreateVapidKeys(store, box, SUBJECT);
  t.regex(first.publicKey, /^[A-Za-z0-9_-]{87}$/); // 65 bytes base64url
  t.is(Buffer.from(first.privateKey, 'base64url').length, 32);
  t.is(first.subject, SUBJECT);
  const again = await loadOrCreateVapidKeys(store, box, SUBJECT);
  t.deepEqual(again, first);
  t.is(store.writes, 2);
});

test('the private key is stored sealed, the public key plain', async (t) => {
  const store = memoryStore();
  const keys = await loadOrCreateVapidKeys(store, box, SUBJECT);
  const sealed = store.rows.get(VAPID_KEY_NAMES.privateKey)!;
  t.false(sealed.includes(keys.privateKey));
  t.is(box.open(sealed), keys.privateKey);
  t.is(store.rows.get(VAPID_KEY_NAMES.publicKey), keys.publicKey);
  const otherBox = createSecretBox('z'.repeat(40), 'notifications/vapid');
  await t.throwsAsync(loadOrCreateVapidKeys(store, otherBox, SUBJECT), { name: 'SecretBoxError' });
});

test('two instances starting at once agree on one pair', async (t) => {
  const store = memoryStore();
  const [a, b] = await Promise.all([loadOrCreateVapidKeys(store, box, SUBJECT), loadOrCreateVapidKeys(store, box, SUBJECT)]);
  t.deepEqual(a, b);
  // Both generated a pair and tried to store it; only the first write stuck.
  t.is(store.attempts.filter((name) => name === VAPID_KEY_NAMES.privateKey).length, 2);
  t.is(store.rows.size, 2);
});

test('an edited public key is reported instead of pushing with a mismatched pair', async (t) => {
  const store = memoryStore();
  await loadOrCreateVapidKeys(store, box, SUBJECT);
  store.rows.set(VAPID_KEY_NAMES.publicKey, 'B'.repeat(87));
  await t.throwsAsync(loadOrCreateVapidKeys(store, box, SUBJECT), { message: /does not match/ });
});

test('a subject that is not mailto: or https: is refused', async (t) => {
  await t.throwsAsync(loadOrCreateVapidKeys(memoryStore(), box, 'http://bot.example'), { message: /mailto: or https:/ });
});

test('the loaded keys sign pushes a push service accepts', async (t) => {
  const service = await startPushService();
  const vapid = await loadOrCreateVapidKeys(memoryStore(), box, SUBJECT);
  const channel = createPushChannel({ vapid, ca: service.ca });
  t.teardown(async () => {
    channel.close();
    await service.close();
  });
  const links: TrackingLinks = { click: (u) => u, openPixel: '', unsubscribe: '', pushClick: 'https://bot.example/pc' };
  const n = { id: 1, guildId: 'g', userId: 'u', type: 'system' as const, title: 'Hi', body: 'There', url: null, fields: [], critical: false, createdAt: 0 };
  t.is((await channel.send(n, service.subscription({ applicationServerKey: vapid.publicKey }), links)).status, 'delivered');
  const [push] = await service.waitFor(1);
  t.is(push.vapid.sub, SUBJECT);
});
