import type { AddressInfo } from 'node:net';
import test from 'ava';
import { DiscordAPIError } from 'discord.js';
import express from 'express';
import { emulatorRoutes } from '../../src/core/local/emulator-routes.ts';
import { startHarness } from './helpers.ts';

test('a DM to a user with closed DMs rejects with 50007; an open one arrives', async (t) => {
  const { emulator, client } = await startHarness(t);
  const closed = emulator.createUser({ username: 'private' });
  const open = emulator.createUser({ username: 'friendly' });
  emulator.closeDms(closed.id);

  const error = await t.throwsAsync(client.users.send(closed.id, 'hello?'), { instanceOf: DiscordAPIError });
  t.is(error?.code, 50007);
  t.is(error?.status, 403);
  t.is(error?.message, 'Cannot send messages to this user');
  // As on Discord, the DM channel itself could be opened: only the message was refused.
  t.true(emulator.requests.some((r) => r.method === 'POST' && r.path === '/users/@me/channels' && r.status === 200));
  t.deepEqual(emulator.messages(emulator.dmChannel(closed.id).id), []);

  const sent = await client.users.send(open.id, 'hello!');
  t.deepEqual(
    emulator.messages(emulator.dmChannel(open.id).id).map((m) => [m.id, m.content]),
    [[sent.id, 'hello!']],
  );

  emulator.openDms(closed.id);
  await client.users.send(closed.id, 'now you can');
  t.deepEqual(
    emulator.messages(emulator.dmChannel(closed.id).id).map((m) => m.content),
    ['now you can'],
  );
});

test('POST /emulator/users/:user/dms closes and opens DMs by username', async (t) => {
  const { emulator, client, guildId, channelId } = await startHarness(t);
  const carol = emulator.createUser({ username: 'Carol' });
  const app = express();
  app.use(express.json());
  app.use(emulatorRoutes(emulator, { guildId, channelId, userId: emulator.ownerUserId }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (user: string, body: unknown) =>
    fetch(`${base}/emulator/users/${user}/dms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const closing = await post('carol', { open: false });
  t.is(closing.status, 200);
  t.deepEqual(await closing.json(), { user_id: carol.id, dms_open: false });
  const error = await t.throwsAsync(client.users.send(carol.id, 'hi'), { instanceOf: DiscordAPIError });
  t.is(error?.code, 50007);

  t.is((await post(carol.id, { open: true })).status, 200);
  await client.users.send(carol.id, 'hi again');
  t.deepEqual(
    emulator.messages(emulator.dmChannel(carol.id).id).map((m) => m.content),
    ['hi again'],
  );

  const unknownField = await post('carol', { open: false, forever: true });
  t.is(unknownField.status, 400);
  t.regex(((await unknownField.json()) as { detail: string }).detail, /forever/);
  t.is((await post('nobody', { open: false })).status, 400);
});
