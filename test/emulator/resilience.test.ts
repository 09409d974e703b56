import { once } from 'node:events';
import test from 'ava';
import { RESTEvents } from 'discord.js';
import { startHarness } from './helpers.ts';

test('429 with retry_after: discord.js waits and the request still succeeds', async (t) => {
  const { emulator, client, channelId } = await startHarness(t);
  let rateLimited = 0;
  client.rest.on(RESTEvents.RateLimited, () => {
    rateLimited += 1;
  });
  emulator.rateLimitNext('POST /channels', 0.2);
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) return t.fail('channel not sendable');
  const message = await channel.send('after the rate limit');
  t.is(message.content, 'after the rate limit');
  t.true(rateLimited >= 1);
  t.true(emulator.requests.some((r) => r.status === 429 && r.method === 'POST'));
  t.deepEqual(
    emulator.messages(channelId).map((m) => m.content),
    ['after the rate limit'],
  );
});

test('dropConnection: the client resumes and an interaction sent while disconnected is answered', async (t) => {
  const { emulator, client } = await startHarness(t, {
    beforeLogin: (c) => {
      c.on('clientReady', async (ready) => {
        await ready.application.commands.set([{ name: 'ping', description: 'pong' }]);
      });
      c.on('interactionCreate', async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply('pong');
      });
    },
  });
  while (emulator.registeredCommands().length === 0) await new Promise((r) => setTimeout(r, 10));
  const disconnected = once(emulator, 'disconnect');
  const resumed = once(emulator, 'resumed');
  emulator.dropConnection();
  await disconnected;
  t.false(emulator.connected);
  const answer = emulator.runCommand({ command: 'ping' });
  await resumed;
  t.is((await answer).content, 'pong');
  t.true(emulator.connected);
  t.is(client.ws.status, 0);
});
